#pragma once

class QNetworkAccessManager;

namespace Keyway {

// A QNetworkAccessManager whose HTTP thread may be held by an answer whose headers never end
// (see heldconnectionrelease.h) is replaced: later requests of every client that shares it go
// through a fresh one. That happens at once after the stall timeout ended such a call, and after
// a cancel only when the held thread could not be freed.

// The manager a request goes through: `network`, or what replaced it (and what replaced that).
QNetworkAccessManager *currentNetwork(QNetworkAccessManager *network);

// Gives the manager currentNetwork(network) resolves to a fresh replacement for every later
// request. The replacement is its child: it lives as long as the manager the clients were given,
// and the held manager is never deleted here (deleting it would wait up to 5 s for its thread).
void replaceNetwork(QNetworkAccessManager *network);

} // namespace Keyway
