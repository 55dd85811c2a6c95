#pragma once

class QNetworkAccessManager;

namespace Keyway {

// Seen on Qt 6.4.2: when an answer's headers never end, the stall timeout ends the call, but the
// QNetworkAccessManager's HTTP thread goes on reading that connection after the abort, a byte at
// a time, for as long as the server sends, and takes no other request meanwhile. Such a manager
// is replaced, after the stall timeout or a cancel that came before the headers ended: later
// requests of every client that shares it go through a fresh one.

// The manager a request goes through: `network`, or what replaced it (and what replaced that).
QNetworkAccessManager *currentNetwork(QNetworkAccessManager *network);

// Gives the manager currentNetwork(network) resolves to a fresh replacement for every later
// request. The replacement is its child: it lives as long as the manager the clients were given,
// and the held manager is never deleted here (deleting it would wait up to 5 s for its thread).
void replaceNetwork(QNetworkAccessManager *network);

} // namespace Keyway
