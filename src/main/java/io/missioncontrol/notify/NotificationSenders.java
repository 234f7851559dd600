package io.missioncontrol.notify;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Sends one message on one channel: email through Spring's mail sender (plain and HTML), Slack and ntfy by HTTP
 * POST (no redirects followed: the checked host is the one reached). A failure is a {@link SendFailure} whose
 * message never contains the destination URL.
 */
@Component
class NotificationSenders {

    /** Why a send failed, fit to show the member. */
    static final class SendFailure extends Exception {
        SendFailure(String message) {
            super(message);
        }
    }

    private final ObjectProvider<JavaMailSender> mail;
    private final NotificationsProperties properties;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    NotificationSenders(ObjectProvider<JavaMailSender> mail, NotificationsProperties properties) {
        this.mail = mail;
        this.properties = properties;
    }

    void send(Channel channel, String address, NotificationMessage message) throws SendFailure {
        switch (channel) {
            case EMAIL -> email(address, message);
            case SLACK -> post(channel, address, message.slackJson(), "application/json", null);
            case NTFY -> post(channel, address, message.ntfyBody(), "text/plain; charset=utf-8", message);
        }
    }

    private void email(String to, NotificationMessage message) throws SendFailure {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            throw new SendFailure("the portal has no mail server set (spring.mail.host)");
        }
        try {
            MimeMessage mime = sender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(mime, true, "UTF-8");
            helper.setFrom(properties.mailFrom());
            helper.setTo(to);
            helper.setSubject(message.title());
            helper.setText(message.plainText(), message.html());
            sender.send(mime);
        } catch (MessagingException | MailException e) {
            throw new SendFailure("the mail server refused or could not be reached: " + e.getMessage());
        }
    }

    private void post(Channel channel, String url, String body, String contentType, NotificationMessage ntfy)
            throws SendFailure {
        URI uri;
        try {
            // checked again at each send: the admin may have narrowed the allowed hosts since
            uri = NotificationUrls.check(channel.name().toLowerCase(), url, properties.allowedHosts());
        } catch (RuntimeException e) {
            throw new SendFailure(e.getMessage());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (ntfy != null) {
            request.header("Title", header(ntfy.title())).header("Priority", ntfy.ntfyPriority())
                    .header("Tags", ntfy.ntfyTags()).header("Click", ntfy.jobUrl());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SendFailure(channelName(channel) + " could not be reached: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage().replace(url, NotificationUrls.mask(url))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SendFailure("interrupted");
        }
        if (response.statusCode() / 100 != 2) {
            String answer = response.body() == null ? "" : response.body().strip();
            throw new SendFailure(channelName(channel) + " answered HTTP " + response.statusCode()
                    + (answer.isEmpty() ? "" : ": " + NotificationOutbox.cut(answer, 300)));
        }
    }

    private static String channelName(Channel channel) {
        return channel == Channel.SLACK ? "Slack" : "ntfy";
    }

    /** A header value as ntfy reads it: ASCII as is, anything else RFC 2047 encoded (ntfy decodes it). */
    static String header(String value) {
        String flat = value.replaceAll("[\\r\\n\\t]+", " ");
        if (flat.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return flat;
        }
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(flat.getBytes(StandardCharsets.UTF_8)) + "?=";
    }
}
