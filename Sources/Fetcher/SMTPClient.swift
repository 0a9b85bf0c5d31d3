import CCurl

/// Sends one message through libcurl's SMTP: connect, EHLO, STARTTLS (required on smtp://
/// unless the submission says otherwise), AUTH, MAIL FROM, RCPT TO for each recipient, DATA.
///
/// A send blocks its caller for at most the submission's timeout. That is the e-mail sink's
/// own serial queue, which has nothing else to do meanwhile (as a webhook's worker waits for
/// its POST); messages are few, so no connection is kept between them and the feeds' fetcher
/// is not involved. libcurl never sees a password in a log: verbose output stays off, and the
/// reply kept is the server's, never what was sent.
public enum SMTPClient {
  public static func send(_ submission: MailSubmission) -> Result<SMTPReply, MailError> {
    precondition(CurlRuntime.initialized, "curl_global_init failed")
    guard let exchange = SMTPExchange(submission) else {
      return .failure(
        .transfer(
          .transport(code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "out of memory")))
    }
    return exchange.run()
  }
}

/// One SMTP session's easy handle, the message being read out and the server's replies.
private final class SMTPExchange {
  let submission: MailSubmission
  let easy: UnsafeMutableRawPointer
  private var recipients: UnsafeMutablePointer<curl_slist>?
  private let errorBuffer = CurlErrorBuffer()
  private var sent = 0
  /// The lines of the reply being received, and the last complete one.
  private var replyLines: [String] = []
  private(set) var lastReply: SMTPReply?
  /// The last 4xx or 5xx reply: what a failure is about, even if a QUIT was answered after it.
  private(set) var lastRefusal: SMTPReply?

  init?(_ submission: MailSubmission) {
    guard let easy = curl_easy_init() else { return nil }
    self.submission = submission
    self.easy = easy
  }

  deinit {
    curl_easy_cleanup(easy)
    curl_slist_free_all(recipients)
  }

  func run() -> Result<SMTPReply, MailError> {
    if let refused = configure() { return .failure(refused) }
    let code = curl_easy_perform(easy)
    var status = 0
    _ = fw_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
    if code == CURLE_OK { return .success(lastReply ?? SMTPReply(code: status, text: "")) }
    let reply = lastRefusal ?? SMTPReply(code: status, text: "")
    if code == CURLE_USE_SSL_FAILED { return .failure(.noTLS(detail(code))) }
    // A reply code tells what the server decided, whatever libcurl's result code.
    switch reply.code {
    case 500..<600: return .failure(.rejected(reply))
    case 400..<500: return .failure(.deferred(reply))
    default: break
    }
    if code == CURLE_OPERATION_TIMEDOUT {
      return .failure(.transfer(.timeout(submission.timeout)))
    }
    return .failure(.transfer(FetchError(curlCode: code, detail: detail(code))))
  }

  private func configure() -> MailError? {
    let me = Unmanaged.passUnretained(self).toOpaque()
    var failed: CURLcode = CURLE_OK
    func check(_ code: CURLcode) { if failed == CURLE_OK { failed = code } }

    if fw_easy_setopt_string(easy, CURLOPT_URL, submission.url) != CURLE_OK {
      return .transfer(.invalidURL("not an SMTP URL"))
    }
    check(fw_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1))
    check(fw_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "smtp,smtps"))
    check(
      fw_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, CurlValues.milliseconds(submission.timeout)))
    check(
      fw_easy_setopt_long(
        easy, CURLOPT_CONNECTTIMEOUT_MS, CurlValues.milliseconds(submission.connectTimeout)))
    check(fw_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer.pointer))
    if submission.requireTLS {
      check(fw_easy_setopt_long(easy, CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue)))
    }
    if let caFile = submission.caFile { check(fw_easy_setopt_string(easy, CURLOPT_CAINFO, caFile)) }
    if let username = submission.username {
      check(fw_easy_setopt_string(easy, CURLOPT_USERNAME, username))
    }
    if let password = submission.password {
      check(fw_easy_setopt_string(easy, CURLOPT_PASSWORD, password))
    }
    check(fw_easy_setopt_string(easy, CURLOPT_MAIL_FROM, "<\(submission.from)>"))
    for recipient in submission.recipients {
      recipients = curl_slist_append(recipients, "<\(recipient)>")
    }
    check(fw_easy_setopt_slist(easy, CURLOPT_MAIL_RCPT, recipients))
    check(fw_easy_setopt_long(easy, CURLOPT_UPLOAD, 1))
    check(
      fw_easy_setopt_off_t(easy, CURLOPT_INFILESIZE_LARGE, curl_off_t(submission.message.count)))
    check(fw_easy_setopt_pointer(easy, CURLOPT_READDATA, me))
    check(
      fw_easy_setopt_read_callback(easy) { buffer, size, count, context in
        let exchange = Unmanaged<SMTPExchange>.fromOpaque(context!).takeUnretainedValue()
        return exchange.read(into: buffer!, capacity: size * count)
      })
    // libcurl hands the server's reply lines to the header callback.
    check(fw_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, me))
    check(
      fw_easy_setopt_write_callback(easy, CURLOPT_HEADERFUNCTION) { data, size, count, context in
        let exchange = Unmanaged<SMTPExchange>.fromOpaque(context!).takeUnretainedValue()
        exchange.receive(line: UnsafeRawBufferPointer(start: data, count: size * count))
        return size * count
      })
    if failed != CURLE_OK {
      return .transfer(
        .transport(
          code: Int(failed.rawValue), message: String(cString: curl_easy_strerror(failed))))
    }
    return nil
  }

  private func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
    let count = min(capacity, submission.message.count - sent)
    guard count > 0 else { return 0 }
    submission.message.withUnsafeBytes { bytes in
      UnsafeMutableRawPointer(buffer).copyMemory(
        from: bytes.baseAddress! + sent, byteCount: count)
    }
    sent += count
    return count
  }

  /// One reply line: `250-…` continues a reply, `250 …` ends it.
  private func receive(line bytes: UnsafeRawBufferPointer) {
    var characters = Array(bytes)
    while let last = characters.last, last == 10 || last == 13 { characters.removeLast() }
    guard characters.count >= 3, characters.prefix(3).allSatisfy({ (0x30...0x39).contains($0) })
    else { return }
    replyLines.append(String(decoding: characters.dropFirst(4), as: UTF8.self))
    if characters.count == 3 || characters[3] == UInt8(ascii: " ") {
      let code = Int(String(decoding: characters.prefix(3), as: UTF8.self)) ?? 0
      let reply = SMTPReply(code: code, text: "\(code) " + replyLines.joined(separator: " "))
      lastReply = reply
      if code >= 400 { lastRefusal = reply }
      replyLines = []
    }
  }

  private func detail(_ code: CURLcode) -> String {
    errorBuffer.message(code)
  }
}
