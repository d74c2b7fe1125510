package io.maestro.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A custom trust store of one binding. Equal settings share one TLS context (and so one
 * {@code HttpClient}).
 *
 * @param type PKCS12, JKS or PEM
 */
public record TrustSettings(String path, String password, String type) {

    static String guessType(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        return p.endsWith(".pem") || p.endsWith(".crt") || p.endsWith(".cer") ? "PEM" : p.endsWith(".jks") ? "JKS" : "PKCS12";
    }

    /** Reads the store (blocking file I/O, done once per settings) and builds a TLS context trusting only it. */
    public SSLContext sslContext() throws IOException, GeneralSecurityException {
        KeyStore store = load();
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private KeyStore load() throws IOException, GeneralSecurityException {
        Path file = Path.of(path);
        try (InputStream in = Files.newInputStream(file)) {
            if (type.equals("PEM")) {
                Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
                if (certificates.isEmpty()) {
                    throw new GeneralSecurityException("no certificate in " + path);
                }
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                int i = 0;
                for (Certificate c : certificates) {
                    store.setCertificateEntry("cert-" + i++, c);
                }
                return store;
            }
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password == null ? null : password.toCharArray());
            if (store.size() == 0) {
                throw new GeneralSecurityException("trust store " + path + " holds no certificate");
            }
            return store;
        }
    }

    @Override
    public String toString() {
        return "TrustSettings[" + path + ", " + type + "]"; // never the password
    }
}
