#include "http/networkreplacement.h"

#include "log/logging.h"

#include <QNetworkAccessManager>

namespace Keyway {

namespace {

const QString ReplacementName = QStringLiteral("keyway-network-replacement");

} // namespace

QNetworkAccessManager *currentNetwork(QNetworkAccessManager *network)
{
    while (auto *replacement = network->findChild<QNetworkAccessManager *>(
               ReplacementName, Qt::FindDirectChildrenOnly))
        network = replacement;
    return network;
}

void replaceNetwork(QNetworkAccessManager *network)
{
    QNetworkAccessManager *held = currentNetwork(network);
    auto *replacement = new QNetworkAccessManager(held);
    replacement->setObjectName(ReplacementName);
    qCInfo(lcHttp) << "a call ended before its answer's headers did; later requests go through "
                      "a new QNetworkAccessManager (Qt's network thread of the old one may still "
                      "be reading that answer)";
}

} // namespace Keyway
