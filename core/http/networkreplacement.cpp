#include "http/networkreplacement.h"

#include "log/logging.h"

#include <QNetworkAccessManager>

namespace Keyway {

namespace {

// The dynamic property through which a manager names its replacement: one look-up per request
// (a manager's children are its replies too, so searching them would cost a walk per request).
constexpr char ReplacementProperty[] = "keywayReplacement";

QNetworkAccessManager *replacementOf(QNetworkAccessManager *network)
{
    return qobject_cast<QNetworkAccessManager *>(
        network->property(ReplacementProperty).value<QObject *>());
}

} // namespace

QNetworkAccessManager *currentNetwork(QNetworkAccessManager *network)
{
    while (QNetworkAccessManager *replacement = replacementOf(network))
        network = replacement;
    return network;
}

void replaceNetwork(QNetworkAccessManager *network)
{
    QNetworkAccessManager *held = currentNetwork(network);
    auto *replacement = new QNetworkAccessManager(held);
    held->setProperty(ReplacementProperty, QVariant::fromValue<QObject *>(replacement));
    qCInfo(lcHttp) << "a call ended before its answer's headers did; later requests go through "
                      "a new QNetworkAccessManager";
}

} // namespace Keyway
