import Config

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Config bytes → validated Config or a ConfigError. Parsing only: nothing is opened.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfigLoader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let bytes = Data(UnsafeBufferPointer(start: data, count: size))
  _ = try? ConfigLoader.parse(bytes, file: "/fuzz/config.json")
  return 0
}
