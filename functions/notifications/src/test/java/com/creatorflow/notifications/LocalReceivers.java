package com.creatorflow.notifications;

import com.creatorflow.shared.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Cipher;
import javax.crypto.KDF;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.HKDFParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The receivers a notification test delivers to, all on 127.0.0.1: an embedded GreenMail SMTP server, a chat
 * receiver, a signed-webhook receiver, and a Web Push endpoint that checks each request's VAPID JWT (ES256 under
 * the key it names, {@code aud} = the endpoint's origin, not expired) and decrypts the {@code aes128gcm} payload
 * with the browser's own keys (RFC 8291, derived here with the JDK's HKDF, independently of the code under test).
 */
final class LocalReceivers implements AutoCloseable {
    /** One request a receiver took: its headers of interest and body. */
    record Received(String path, String signature, String delivery, String body) {
    }

    /** One push the endpoint accepted: the checked JWT claims and the decrypted payload. */
    record Pushed(JsonNode claims, String vapidKey, JsonNode payload) {
    }

    final GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    final List<Received> chat = new CopyOnWriteArrayList<>();
    final List<Received> webhook = new CopyOnWriteArrayList<>();
    final List<Pushed> pushed = new CopyOnWriteArrayList<>();
    final List<String> pushRejections = new CopyOnWriteArrayList<>();
    private final HttpServer http;
    /** The status the chat receiver answers (tests make it fail). */
    volatile int chatStatus = 200;
    /** The browser's key pair and auth secret. */
    private final KeyPair browser;
    private final byte[] auth = new byte[16];
    /** The push service's time, which the test's clock sets: a JWT is refused once this clock passes its exp. */
    private final Clock clock;

    LocalReceivers(Clock clock) throws IOException {
        this.clock = clock;
        mail.start();
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/chat", exchange -> {
            try (exchange) {
                chat.add(new Received(exchange.getRequestURI().getPath(), null, null,
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(chatStatus, -1);
            }
        });
        http.createContext("/hook", exchange -> {
            try (exchange) {
                webhook.add(new Received(exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("X-CreatorFlow-Signature"),
                        exchange.getRequestHeaders().getFirst("X-CreatorFlow-Delivery"),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        http.createContext("/push", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                try {
                    pushed.add(check(exchange.getRequestHeaders().getFirst("Authorization"),
                            exchange.getRequestHeaders().getFirst("Content-Encoding"), body));
                    exchange.sendResponseHeaders(201, -1);
                } catch (GeneralSecurityException | RuntimeException e) {
                    pushRejections.add(String.valueOf(e.getMessage()));
                    exchange.sendResponseHeaders(403, -1);
                }
            }
        });
        http.start();
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            browser = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        new SecureRandom().nextBytes(auth);
    }

    String origin() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    int smtpPort() {
        return mail.getSmtp().getPort();
    }

    /** {@code PushSubscription.toJSON()} of the browser, with an endpoint on this machine. */
    String subscriptionJson(String name) {
        return "{\"endpoint\":\"" + origin() + "/push/" + name + "\",\"expirationTime\":null,\"keys\":{\"p256dh\":\""
                + b64(raw((ECPublicKey) browser.getPublic())) + "\",\"auth\":\"" + b64(auth) + "\"}}";
    }

    private Pushed check(String authorization, String encoding, byte[] body) throws GeneralSecurityException {
        if (!"aes128gcm".equals(encoding)) {
            throw new GeneralSecurityException("Content-Encoding " + encoding);
        }
        if (authorization == null || !authorization.startsWith("vapid t=")) {
            throw new GeneralSecurityException("no vapid authorization");
        }
        String[] parts = authorization.substring("vapid ".length()).split(",\\s*");
        String token = parts[0].substring(2);
        String key = parts[1].substring(2);
        String[] jwt = token.split("\\.");
        Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
        verifier.initVerify(publicKey(Base64.getUrlDecoder().decode(key)));
        verifier.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        if (!verifier.verify(Base64.getUrlDecoder().decode(jwt[2]))) {
            throw new GeneralSecurityException("bad ES256 signature");
        }
        JsonNode header = Json.tree(new String(Base64.getUrlDecoder().decode(jwt[0]), StandardCharsets.UTF_8));
        JsonNode claims = Json.tree(new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8));
        if (!"ES256".equals(header.path("alg").asText()) || !origin().equals(claims.path("aud").asText())
                || claims.path("exp").asLong() <= clock.instant().getEpochSecond()) {
            throw new GeneralSecurityException("bad claims " + claims);
        }
        return new Pushed(claims, key, Json.tree(new String(decrypt(body), StandardCharsets.UTF_8)));
    }

    /** RFC 8291 decryption with the browser's private key and auth secret. */
    private byte[] decrypt(byte[] body) throws GeneralSecurityException {
        ByteBuffer in = ByteBuffer.wrap(body);
        byte[] salt = new byte[16];
        in.get(salt);
        in.getInt();
        byte[] senderKey = new byte[in.get() & 0xff];
        in.get(senderKey);
        byte[] sealed = new byte[in.remaining()];
        in.get(sealed);
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(browser.getPrivate());
        agreement.doPhase(publicKey(senderKey), true);
        byte[] uaPublic = raw((ECPublicKey) browser.getPublic());
        byte[] keyInfo = ByteBuffer.allocate(14 + 65 + 65).put("WebPush: info\0".getBytes(StandardCharsets.US_ASCII))
                .put(uaPublic).put(senderKey).array();
        KDF hkdf = KDF.getInstance("HKDF-SHA256");
        byte[] ikm = hkdf.deriveData(HKDFParameterSpec.ofExtract().addIKM(agreement.generateSecret()).addSalt(auth)
                .thenExpand(keyInfo, 32));
        byte[] cek = hkdf.deriveData(HKDFParameterSpec.ofExtract().addIKM(ikm).addSalt(salt)
                .thenExpand("Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16));
        byte[] nonce = hkdf.deriveData(HKDFParameterSpec.ofExtract().addIKM(ikm).addSalt(salt)
                .thenExpand("Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12));
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
        byte[] padded = cipher.doFinal(sealed);
        int end = padded.length - 1;
        while (end >= 0 && padded[end] == 0) {
            end--;
        }
        if (end < 0 || padded[end] != 2) {
            throw new GeneralSecurityException("no last-record delimiter");
        }
        return Arrays.copyOf(padded, end);
    }

    private static ECPublicKey publicKey(byte[] raw) throws GeneralSecurityException {
        var parameters = java.security.AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        var spec = parameters.getParameterSpec(java.security.spec.ECParameterSpec.class);
        var point = new java.security.spec.ECPoint(new BigInteger(1, Arrays.copyOfRange(raw, 1, 33)),
                new BigInteger(1, Arrays.copyOfRange(raw, 33, 65)));
        return (ECPublicKey) java.security.KeyFactory.getInstance("EC")
                .generatePublic(new java.security.spec.ECPublicKeySpec(point, spec));
    }

    private static byte[] raw(ECPublicKey key) {
        byte[] out = new byte[65];
        out[0] = 4;
        byte[] x = key.getW().getAffineX().toByteArray();
        byte[] y = key.getW().getAffineY().toByteArray();
        int xs = Math.max(0, x.length - 32);
        int ys = Math.max(0, y.length - 32);
        System.arraycopy(x, xs, out, 1 + 32 - (x.length - xs), x.length - xs);
        System.arraycopy(y, ys, out, 33 + 32 - (y.length - ys), y.length - ys);
        return out;
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close() {
        http.stop(0);
        mail.stop();
    }
}
