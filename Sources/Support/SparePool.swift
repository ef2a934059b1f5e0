/// A few idle objects kept for reuse (zstd contexts, segment copy buffers), shared by the
/// workers behind a lock: taking one saves faulting fresh memory in for every segment. At most
/// `limit` stay idle; what does not fit is the caller's to free.
package final class SparePool<Item>: @unchecked Sendable {
    private let items = Locked<[Item]>([])
    let limit: Int

    package init(limit: Int) { self.limit = limit }

    package func take() -> Item? { items.with { $0.popLast() } }

    /// Keeps `item` for the next `take`; false when the pool is full.
    package func give(_ item: Item) -> Bool {
        items.with { items in
            guard items.count < limit else { return false }
            items.append(item)
            return true
        }
    }
}
