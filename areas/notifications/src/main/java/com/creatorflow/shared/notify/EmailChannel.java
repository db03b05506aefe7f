package com.creatorflow.shared.notify;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.notify.domain.NotificationChannel;
import com.creatorflow.shared.notify.domain.OutgoingMessage;
import com.creatorflow.shared.notify.domain.RenderedMessage;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.Properties;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

/**
 * Emails a message (subject, text and HTML) to a member. The transport is configuration: {@code NOTIFY_EMAIL=smtp}
 * sends through the SMTP server at {@code SMTP_HOST}:{@code SMTP_PORT} (the local runtime's embedded server),
 * {@code NOTIFY_EMAIL=ses} through Amazon SES v2 {@code SendEmail}; the sender is {@code NOTIFY_EMAIL_FROM}.
 */
public final class EmailChannel implements NotificationChannel {
    /** Sends one email; answers a channel outcome. */
    @FunctionalInterface
    public interface Mailer {
        Outcome send(String from, String to, RenderedMessage content);
    }

    private final String from;
    private final Mailer transport;

    /**
     * @param from the sender address
     * @param transport how mail leaves
     */
    public EmailChannel(String from, Mailer transport) {
        this.from = from;
        this.transport = transport;
    }

    /** The channel a function's environment configures, or null when email is off ({@code NOTIFY_EMAIL} unset). */
    public static EmailChannel fromEnv(Env env) {
        String from = env.get("NOTIFY_EMAIL_FROM", "notifications@creatorflow.local");
        return switch (env.get("NOTIFY_EMAIL", "")) {
            case "smtp" -> new EmailChannel(from, smtp(env.require("SMTP_HOST"), env.getInt("SMTP_PORT", 25)));
            case "ses" -> new EmailChannel(from, ses(env.aws().client(SesV2Client.class, "SESV2", SesV2Client::builder)));
            default -> null;
        };
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public Outcome deliver(OutgoingMessage message) {
        return transport.send(from, message.target(), message.content());
    }

    /** Plain SMTP (no authentication) to a host and port. */
    public static Mailer smtp(String host, int port) {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", host);
        properties.put("mail.smtp.port", String.valueOf(port));
        properties.put("mail.smtp.connectiontimeout", "3000");
        properties.put("mail.smtp.timeout", "5000");
        Session session = Session.getInstance(properties);
        return (from, to, content) -> {
            try {
                MimeMessage mail = new MimeMessage(session);
                mail.setFrom(new InternetAddress(from));
                mail.setRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
                mail.setSubject(content.title(), "UTF-8");
                MimeBodyPart text = new MimeBodyPart();
                text.setText(content.text(), "UTF-8");
                MimeBodyPart html = new MimeBodyPart();
                html.setContent(content.html(), "text/html; charset=UTF-8");
                mail.setContent(new MimeMultipart("alternative", text, html));
                Transport.send(mail);
                return Outcome.delivered(250);
            } catch (jakarta.mail.internet.AddressException e) {
                return new Outcome(0, "the email address is not valid", false);
            } catch (MessagingException e) {
                return new Outcome(0, "the SMTP server did not take the mail: " + e.getMessage(), true);
            }
        };
    }

    /** Amazon SES v2 {@code SendEmail} with simple content. */
    public static Mailer ses(SesV2Client ses) {
        return (from, to, content) -> {
            try {
                ses.sendEmail(r -> r.fromEmailAddress(from).destination(d -> d.toAddresses(to))
                        .content(c -> c.simple(m -> m.subject(s -> s.data(content.title()).charset("UTF-8"))
                                .body(b -> b.text(t -> t.data(content.text()).charset("UTF-8"))
                                        .html(h -> h.data(content.html()).charset("UTF-8"))))));
                return Outcome.delivered(200);
            } catch (SesV2Exception e) {
                int status = e.statusCode();
                return new Outcome(status, "SES refused the mail: " + e.awsErrorDetails().errorCode(),
                        status >= 500 || status == 429);
            } catch (SdkException e) {
                return new Outcome(0, "SES is unreachable: " + e.getMessage(), true);
            }
        };
    }
}
