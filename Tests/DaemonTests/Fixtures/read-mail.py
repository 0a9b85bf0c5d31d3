"""Reads one message with Python's email package and prints what a mail client would see,
as JSON: the decoded headers, the defects found, and each leaf part with its decoded text."""
import email
import email.policy
import email.utils
import json
import sys

with open(sys.argv[1], "rb") as f:
    raw = f.read()
message = email.message_from_bytes(raw, policy=email.policy.default)
parts = []
for part in message.walk():
    if part.is_multipart():
        continue
    parts.append({
        "type": part.get_content_type(),
        "charset": part.get_content_charset(),
        "encoding": part.get("Content-Transfer-Encoding"),
        "content": part.get_content(),
        "defects": [type(d).__name__ for d in part.defects],
    })
date = email.utils.parsedate_to_datetime(message["Date"]) if message["Date"] else None
print(json.dumps({
    "headers": {name: str(value) for name, value in message.items()},
    "contentType": message.get_content_type(),
    "date": date.timestamp() if date else None,
    "defects": [type(d).__name__ for d in message.defects],
    "parts": parts,
    "longestLine": max(len(line) for line in raw.split(b"\r\n")),
    "bareLF": b"\n" in raw.replace(b"\r\n", b""),
    "ascii": all(b < 128 for b in raw),
}))
