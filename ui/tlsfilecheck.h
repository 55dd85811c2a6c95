#pragma once

#include <QString>

#include <optional>

namespace Keyway {

// What is wrong with a file the profile's TLS page names, said for a person and naming the file;
// empty when it is fine. Checked as the core reads them at sign-in (PEM), so that a bad file is
// said where it was chosen instead of at the first request.

// A CA or client certificate file: exists, can be read, holds at least one PEM certificate.
QString certificateFileProblem(const QString &path);

// A client key file: exists, can be read, holds a PEM RSA or EC private key that `passphrase`
// opens. nullopt: the passphrase cannot be known here (in the keychain and not typed again, or an
// environment variable this process does not have), so only the file's form is checked.
QString keyFileProblem(const QString &path, const std::optional<QString> &passphrase);

} // namespace Keyway
