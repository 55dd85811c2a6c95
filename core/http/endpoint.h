#pragma once

#include <QString>
#include <QUrl>

namespace Keyway {

// The port an http(s) URL connects to: its own, or its scheme's default (443 for https, else 80).
quint16 portOf(const QUrl &url);

// "host:port" of an http(s) URL, with the scheme's default port: how messages name a server.
QString endpointOf(const QUrl &url);

} // namespace Keyway
