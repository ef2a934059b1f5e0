import XCTest

@testable import NativeBackup

/// Decoding and comparison helpers shared by the encoding tests.
enum BlockTestSupport {
    static func decode(_ bytes: [UInt8]) throws(BlockDecodingError) -> DecodedBlock {
        var result: Result<DecodedBlock, BlockDecodingError> = .failure(BlockDecodingError(reason: "unset"))
        bytes.withUnsafeBytes { raw in
            do throws(BlockDecodingError) {
                result = .success(try TSMBlock.decode(raw))
            } catch {
                result = .failure(error)
            }
        }
        return try result.get()
    }

    /// The reason `bytes` fails to decode, or nil if it decodes.
    static func failure(_ bytes: [UInt8]) -> String? {
        do {
            _ = try decode(bytes)
            return nil
        } catch {
            return error.reason
        }
    }

    /// Floats compared by bit pattern: -0.0 must stay -0.0 and NaN payloads must survive.
    static func sameBits(_ a: BlockValues, _ b: BlockValues) -> Bool {
        if case .float(let x) = a, case .float(let y) = b {
            return x.map(\.bitPattern) == y.map(\.bitPattern)
        }
        return a == b
    }
}

extension StringValues {
    /// Builds the expected value of a string block from separate byte strings.
    init(_ values: [[UInt8]]) {
        var ends: [Int] = []
        var total = 0
        for value in values {
            total += value.count
            ends.append(total)
        }
        self.init(bytes: values.flatMap { $0 }, ends: ends)
    }
}
