import CSnappy

/// Test-only boolean encoder from `tsm1/bool.go`: 0x10, uvarint count, bits MSB first.
enum BooleanEncoder {
    static func encode(_ values: [Bool]) -> [UInt8] {
        var packed = [UInt8](repeating: 0, count: max(1, (values.count + 7) / 8))  // Go writes 1 byte for 0 values
        for (i, v) in values.enumerated() where v {
            packed[i / 8] |= 0x80 >> UInt8(i % 8)
        }
        return [0x10] + TestBytes.uvarint(UInt64(values.count)) + packed
    }
}

/// Test-only string encoder from `tsm1/string.go`: 0x10, then snappy of (uvarint length, bytes)*.
enum StringEncoder {
    static func plain(_ values: [[UInt8]]) -> [UInt8] {
        values.flatMap { TestBytes.uvarint(UInt64($0.count)) + $0 }
    }

    static func encode(_ values: [[UInt8]]) -> [UInt8] {
        [0x10] + snappy(plain(values))
    }

    static func snappy(_ input: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: snappy_max_compressed_length(input.count))
        var length = output.count
        let status = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                source.withMemoryRebound(to: CChar.self) { s in
                    destination.withMemoryRebound(to: CChar.self) { d in
                        snappy_compress(s.baseAddress, s.count, d.baseAddress, &length)
                    }
                }
            }
        }
        precondition(status == SNAPPY_OK, "snappy_compress failed in a test")
        return Array(output.prefix(length))
    }
}
