internal import CZlib

/// Inflates gzip data that may hold several members back to back (v4 tombstone files append one
/// member per delete). The whole input and output are in memory: tombstone files are small.
enum Gunzip {
    struct Failure: Error { let message: String }

    static func inflate(_ input: [UInt8], from start: Int) throws(Failure) -> [UInt8] {
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        try input.withUnsafeBufferPointer { (source) throws(Failure) in
            var offset = start
            while offset < source.count {
                offset += try inflateMember(UnsafeBufferPointer(rebasing: source[offset...]), chunk: &chunk, into: &output)
            }
        }
        return output
    }

    /// Inflates one member from the start of `source`; returns how many input bytes it used.
    private static func inflateMember(
        _ source: UnsafeBufferPointer<UInt8>, chunk: inout [UInt8], into output: inout [UInt8]
    ) throws(Failure) -> Int {
        var stream = z_stream()
        guard ifd_zlib_inflate_init_gzip(&stream) == Z_OK else { throw Failure(message: "zlib: inflateInit failed") }
        defer { inflateEnd(&stream) }
        // zlib's next_in is not const; it never writes through it.
        stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
        stream.avail_in = uInt(source.count)
        while true {
            let (status, produced) = chunk.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                let s = CZlib.inflate(&stream, Z_NO_FLUSH)
                return (s, out.count - Int(stream.avail_out))
            }
            output.append(contentsOf: chunk[0..<produced])
            if status == Z_STREAM_END { return source.count - Int(stream.avail_in) }
            guard status == Z_OK else {
                let reason = stream.msg.map { String(cString: $0) } ?? "status \(status)"
                throw Failure(message: "gzip: \(reason)")
            }
            if stream.avail_in == 0 && produced == 0 { throw Failure(message: "gzip: truncated member") }
        }
    }
}
