package dev.offload.config;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.impl.KeyStoreHelper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code cluster.tls} and checks, before anything starts, what the TLS handshakes would otherwise find one peer
 * at a time: each file readable and of its kind, the key the certificate's own, the certificate in its validity
 * period and signed by the cluster's CA, and fit for both ends of a connection (a node is a server to some peers
 * and a client to others). Keys and certificates are parsed by Vert.x's own PEM reader, so what passes here is what
 * the event bus loads.
 */
final class NodeCertificates {
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final String BEGIN_CERTIFICATE = "-----BEGIN CERTIFICATE-----";
  private static final String END_CERTIFICATE = "-----END CERTIFICATE-----";

  private NodeCertificates() {
  }

  static ClusterTlsSettings read(JsonSection s) {
    s.rejectUnknown(ConfigKeys.in("cluster.tls"));
    String certFile = path(s, "certFile");
    String keyFile = path(s, "keyFile");
    String caFile = path(s, "caFile");
    List<X509Certificate> chain = certificates(s, "certFile", certFile);
    List<X509Certificate> cas = certificates(s, "caFile", caFile);
    PrivateKey key = privateKey(s, keyFile, certFile);
    for (X509Certificate ca : cas) {
      inValidityPeriod(s, "caFile", caFile, ca);
    }
    X509Certificate own = chain.get(0);
    inValidityPeriod(s, "certFile", certFile, own);
    signedByTheCa(s, certFile, caFile, chain, cas);
    fitForBothEnds(s, certFile, own);
    matches(s, keyFile, certFile, key, own);
    return new ClusterTlsSettings(certFile, keyFile, caFile);
  }

  private static String path(JsonSection s, String name) {
    String path = s.string(name, null);
    if (path == null || path.isBlank()) {
      throw new ConfigException(s.key(name), "missing (a PEM file)");
    }
    return path;
  }

  private static Buffer contents(JsonSection s, String name, String path) {
    try {
      return Buffer.buffer(Files.readAllBytes(Path.of(path)));
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(s.key(name), "cannot read " + path + ": " + e);
    }
  }

  /** Every certificate in a PEM file, in file order, read as Vert.x reads them (X.509 in each CERTIFICATE block). */
  private static List<X509Certificate> certificates(JsonSection s, String name, String path) {
    String text = contents(s, name, path).toString();
    if (!text.contains("-----BEGIN CERTIFICATE-----")) {
      throw new ConfigException(s.key(name), path + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    List<X509Certificate> out = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      int from = 0;
      while ((from = text.indexOf(BEGIN_CERTIFICATE, from)) >= 0) {
        int end = text.indexOf(END_CERTIFICATE, from);
        if (end < 0) {
          throw new IllegalArgumentException("no " + END_CERTIFICATE + " after a " + BEGIN_CERTIFICATE);
        }
        String body = text.substring(from + BEGIN_CERTIFICATE.length(), end).replaceAll("\\s", "");
        for (Certificate c : factory.generateCertificates(new ByteArrayInputStream(Base64.getDecoder()
            .decode(body)))) {
          out.add((X509Certificate) c);
        }
        from = end;
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new ConfigException(s.key(name), path + " is not a valid PEM X.509 certificate: " + rootMessage(e));
    }
    return out;
  }

  private static PrivateKey privateKey(JsonSection s, String keyFile, String certFile) {
    Buffer key = contents(s, "keyFile", keyFile);
    if (!key.toString().contains("PRIVATE KEY-----")) {
      throw new ConfigException(s.key("keyFile"), keyFile + " holds no PEM private key (-----BEGIN PRIVATE KEY-----, "
          + "RSA PRIVATE KEY or EC PRIVATE KEY)");
    }
    try {
      KeyStore store = KeyStoreHelper.loadKeyCert(List.of(key), List.of(contents(s, "certFile", certFile)));
      String alias = store.aliases().nextElement();
      return (PrivateKey) store.getKey(alias, KeyStoreHelper.DUMMY_PASSWORD.toCharArray());
    } catch (Exception e) {
      throw new ConfigException(s.key("keyFile"), keyFile + " is not a private key Vert.x can read: "
          + rootMessage(e));
    }
  }

  private static void inValidityPeriod(JsonSection s, String name, String path, X509Certificate certificate) {
    try {
      certificate.checkValidity(new Date());
    } catch (CertificateExpiredException e) {
      throw new ConfigException(s.key(name), path + ": the certificate " + subject(certificate) + " expired on "
          + certificate.getNotAfter().toInstant());
    } catch (CertificateNotYetValidException e) {
      throw new ConfigException(s.key(name), path + ": the certificate " + subject(certificate)
          + " is not valid before " + certificate.getNotBefore().toInstant());
    }
  }

  /** The same path check a peer's TLS will make: PKIX from this certificate to one of the CA's, no revocation. */
  private static void signedByTheCa(JsonSection s, String certFile, String caFile, List<X509Certificate> chain,
      List<X509Certificate> cas) {
    try {
      Set<TrustAnchor> anchors = new HashSet<>();
      for (X509Certificate ca : cas) {
        anchors.add(new TrustAnchor(ca, null));
      }
      PKIXParameters parameters = new PKIXParameters(anchors);
      parameters.setRevocationEnabled(false);
      // The anchors themselves are not part of the path.
      List<X509Certificate> path = new ArrayList<>(chain);
      path.removeIf(cas::contains);
      if (path.isEmpty()) {
        throw new ConfigException(s.key("certFile"), certFile + " holds the CA's own certificate: give this node a "
            + "certificate the CA of " + caFile + " signed (scripts/cluster-certs.sh makes one)");
      }
      CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path),
          parameters);
    } catch (CertPathValidatorException e) {
      throw new ConfigException(s.key("certFile"), certFile + ": the certificate " + subject(chain.get(0))
          + " is not signed by the CA in " + caFile + " (" + rootMessage(e) + ")");
    } catch (GeneralSecurityException e) {
      throw new ConfigException(s.key("caFile"), caFile + " cannot serve as the CA: " + rootMessage(e));
    }
  }

  private static void fitForBothEnds(JsonSection s, String certFile, X509Certificate own) {
    List<String> usages;
    try {
      usages = own.getExtendedKeyUsage();
    } catch (java.security.cert.CertificateParsingException e) {
      throw new ConfigException(s.key("certFile"), certFile + ": unreadable extended key usage: " + e.getMessage());
    }
    if (usages != null && !(usages.contains(SERVER_AUTH) && usages.contains(CLIENT_AUTH))) {
      throw new ConfigException(s.key("certFile"), certFile + ": the certificate's extended key usage must allow both "
          + "serverAuth and clientAuth (a node accepts connections and makes them), got " + usages);
    }
  }

  /** Signs with the key and checks the signature with the certificate: true only when they are one key pair. */
  private static void matches(JsonSection s, String keyFile, String certFile, PrivateKey key, X509Certificate own) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> throw new ConfigException(s.key("keyFile"), keyFile + ": a " + key.getAlgorithm()
          + " key; use an RSA or EC key");
    };
    boolean same;
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(own.getPublicKey());
      verifier.update(challenge);
      same = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      // E.g. an EC key beside an RSA certificate: the verifier refuses the other kind of key.
      same = false;
    }
    if (!same) {
      throw new ConfigException(s.key("keyFile"), keyFile + " is not the private key of the certificate in "
          + certFile);
    }
  }

  private static String subject(X509Certificate certificate) {
    return "\"" + certificate.getSubjectX500Principal().getName() + "\"";
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }
}
