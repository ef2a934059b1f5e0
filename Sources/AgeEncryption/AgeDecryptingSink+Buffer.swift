import Support

extension AgeDecryptingSink {
    /// Decrypts a whole small age file (a manifest) held in memory; `name` begins error messages.
    public static func decrypt(_ file: [UInt8], identities: [AgeIdentity], name: String) throws(AgeError) -> [UInt8] {
        let out = MemorySink()
        do {
            let sink = AgeDecryptingSink(identities: identities, next: out, name: name)
            try sink.write(file)
            try sink.finish()
        } catch let error as AgeError {
            throw error
        } catch {
            throw .crypto(name: name, operation: "decrypting")
        }
        return out.bytes
    }
}
