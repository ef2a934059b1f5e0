import ArchiveFormat

extension RestoreOptions {
    /// Whether `--start`/`--end` cut through the segment, so its points must be filtered one by
    /// one (a segment wholly inside is sent as it is; one wholly outside is skipped earlier).
    /// The restore and its dry run decide it here, in one place.
    public func timeCuts(_ segment: Manifest.Segment) -> Bool {
        start.map { segment.minTime < $0 } == true || end.map { segment.maxTime >= $0 } == true
    }
}
