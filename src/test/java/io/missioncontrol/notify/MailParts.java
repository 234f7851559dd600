package io.missioncontrol.notify;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** Reads a received email's text parts (decoded) with Jakarta Mail's own parser. */
final class MailParts {

    private MailParts() {
    }

    static String decodedText(String raw) {
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
                    new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
            StringBuilder text = new StringBuilder();
            collect(message.getContent(), text);
            return text.toString();
        } catch (Exception e) {
            throw new IllegalStateException("unreadable mail", e);
        }
    }

    private static void collect(Object content, StringBuilder text) throws Exception {
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                collect(part.getContent(), text);
            }
        } else if (content instanceof String s) {
            text.append(s).append('\n');
        }
    }
}
