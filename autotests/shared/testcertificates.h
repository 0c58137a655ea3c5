// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef TESTCERTIFICATES_H
#define TESTCERTIFICATES_H

#include <QtCore/qprocess.h>
#include <QtCore/qtemporarydir.h>
#include <QtNetwork/qsslcertificate.h>
#include <QtNetwork/qsslconfiguration.h>
#include <QtNetwork/qsslkey.h>

// A throwaway certificate authority and a server certificate it signed for 127.0.0.1
// and localhost, made with the openssl command line tool for each test run, so that no
// key ever lives in the repository.
class TestCertificates
{
public:
    // False, with errorString() set, if openssl is missing or fails.
    bool generate()
    {
        if (!m_dir.isValid())
            return fail(QStringLiteral("no temporary directory"));
        const QString ext = path(QStringLiteral("server.ext"));
        QFile extFile(ext);
        if (!extFile.open(QIODevice::WriteOnly))
            return fail(QStringLiteral("cannot write %1").arg(ext));
        extFile.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        extFile.close();
        return run({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                    "/CN=BiMuxQt Test CA", "-keyout", path("ca.key"), "-out", path("ca.crt")})
            && run({"req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout",
                    path("server.key"), "-out", path("server.csr")})
            && run({"x509", "-req", "-in", path("server.csr"), "-CA", path("ca.crt"), "-CAkey",
                    path("ca.key"), "-CAcreateserial", "-days", "2", "-extfile", ext, "-out",
                    path("server.crt")});
    }

    // After generate(): a client certificate for CN=device-7, signed by the same CA.
    bool generateClientCertificate()
    {
        const QString ext = path(QStringLiteral("client.ext"));
        QFile extFile(ext);
        if (!extFile.open(QIODevice::WriteOnly))
            return fail(QStringLiteral("cannot write %1").arg(ext));
        extFile.write("extendedKeyUsage=clientAuth\n");
        extFile.close();
        return run({"req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=device-7", "-keyout",
                    path("client.key"), "-out", path("client.csr")})
            && run({"x509", "-req", "-in", path("client.csr"), "-CA", path("ca.crt"), "-CAkey",
                    path("ca.key"), "-CAcreateserial", "-days", "2", "-extfile", ext, "-out",
                    path("client.crt")});
    }

    QString errorString() const { return m_error; }

    QSslCertificate caCertificate() const { return load(QStringLiteral("ca.crt")); }

    // The server side: its certificate and key.
    QSslConfiguration serverConfiguration() const
    {
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setLocalCertificate(load(QStringLiteral("server.crt")));
        QFile keyFile(path(QStringLiteral("server.key")));
        keyFile.open(QIODevice::ReadOnly);
        configuration.setPrivateKey(QSslKey(&keyFile, QSsl::Rsa));
        configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
        return configuration;
    }

    // A client that trusts the test CA and nothing else.
    QSslConfiguration clientConfiguration() const
    {
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setCaCertificates({caCertificate()});
        configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
        return configuration;
    }

    // A server that asks every client for a certificate signed by the test CA.
    QSslConfiguration mutualServerConfiguration() const
    {
        QSslConfiguration configuration = serverConfiguration();
        configuration.setCaCertificates({caCertificate()});
        configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
        return configuration;
    }

    // A client that trusts the test CA and presents the certificate of
    // generateClientCertificate().
    QSslConfiguration clientWithCertificateConfiguration() const
    {
        QSslConfiguration configuration = clientConfiguration();
        configuration.setLocalCertificate(load(QStringLiteral("client.crt")));
        QFile keyFile(path(QStringLiteral("client.key")));
        keyFile.open(QIODevice::ReadOnly);
        configuration.setPrivateKey(QSslKey(&keyFile, QSsl::Rsa));
        return configuration;
    }

    // The PEM files (ca.crt, server.crt, server.key), for programs that read them.
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QString path(const char *name) const { return path(QString::fromLatin1(name)); }

private:
    QSslCertificate load(const QString &name) const
    {
        const QList<QSslCertificate> certificates = QSslCertificate::fromPath(path(name));
        return certificates.value(0);
    }

    bool run(const QStringList &arguments)
    {
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"), arguments);
        if (!openssl.waitForFinished(60000) || openssl.exitCode() != 0) {
            return fail(QStringLiteral("openssl %1 failed: %2 %3")
                            .arg(arguments.join(u' '), openssl.errorString(),
                                 QString::fromLocal8Bit(openssl.readAllStandardError())));
        }
        return true;
    }

    bool fail(const QString &error)
    {
        m_error = error;
        return false;
    }

    QTemporaryDir m_dir;
    QString m_error;
};

#endif // TESTCERTIFICATES_H
