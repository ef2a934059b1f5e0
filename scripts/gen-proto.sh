#!/usr/bin/env bash
# Regenerates Sources/NativeBackup/Meta/Generated/influxdb-meta.pb.swift from formats/influxdb-meta.proto.
# The generated file is committed: building swift-protobuf's plugin takes minutes, the runtime
# library (a package dependency) seconds. Needs protoc (Debian protobuf-compiler) and
# protoc-gen-swift of the same swift-protobuf version as Package.swift (1.39.0):
#   git clone /opt/swift-packages/apple/swift-protobuf.git && cd swift-protobuf && git checkout 1.39.0
#   swift build -c release --product protoc-gen-swift
#   PROTOC_GEN_SWIFT=$PWD/.build/release/protoc-gen-swift scripts/gen-proto.sh
set -euo pipefail
cd "$(dirname "$0")/.."
plugin=${PROTOC_GEN_SWIFT:-$(command -v protoc-gen-swift)}
protoc --plugin=protoc-gen-swift="$plugin" --proto_path=formats --swift_opt=Visibility=Internal \
  --swift_out=Sources/NativeBackup/Meta/Generated formats/influxdb-meta.proto
# protoc-gen-swift marks the file `// swift-format-ignore-file`: the formatter and the 300-line rule skip it.
