"""An aiosmtpd handler for the notification tests: each message received is written, whole, to a file of its own.

Run as: python3 -m aiosmtpd -n -l 127.0.0.1:<port> -c smtp_to_files.FileHandler <folder>  (with this folder on PYTHONPATH)
"""
import os


class FileHandler:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 1:
            parser.error("FileHandler takes the folder to write messages to")
        return cls(args[0])

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        name = "%06d.eml" % self.count
        tmp = os.path.join(self.folder, "." + name + ".tmp")
        with open(tmp, "wb") as out:
            out.write(("X-Envelope-To: " + ",".join(envelope.rcpt_tos) + "\r\n").encode("ascii"))
            out.write(envelope.original_content or envelope.content)
        os.rename(tmp, os.path.join(self.folder, name))  # whole or not at all
        return "250 Message accepted"
