#pragma once

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QHash>
#include <QString>

namespace Keyway {

// Device authorizations of RFC 8628: a device_code the device polls with, a user_code a person
// approves or denies elsewhere, an expiry, and the polling interval that grows on slow_down.
class DeviceCodes final
{
public:
    struct Started
    {
        QString deviceCode;
        QString userCode; // XXXX-XXXX
    };

    enum class PollResult {
        Unknown,
        WrongClient,
        Pending,
        SlowDown,
        Approved,
        Denied,
        Expired,
        AlreadyUsed
    };
    struct Poll
    {
        PollResult result = PollResult::Unknown;
        QString scope; // for Approved
    };

    enum class Decision { Approve, Deny, Expire };

    DeviceCodes() = default;
    Q_DISABLE_COPY_MOVE(DeviceCodes)

    Started start(const QString &clientId, const QString &scope, int expiresInSec, int intervalSec);
    // RFC 8628 3.5. An Approved poll uses the device code up.
    Poll poll(const QString &deviceCode, const QString &clientId);
    // What the verification page or an admin shortcut does to a pending user code; false if
    // there is no pending code by that name (unknown, expired or already decided).
    bool decide(const QString &userCode, Decision decision);
    // Whether the user code names an authorization still waiting for a decision.
    bool isPending(const QString &userCode) const;

    // RFC 8628 6.1: what people type is compared without case, dashes or spaces.
    static QString normalizeUserCode(const QString &userCode);

private:
    enum class Status { Pending, Approved, Denied, Used };
    struct Record
    {
        QString clientId;
        QString scope;
        QString userCode; // normalized
        QDeadlineTimer expiry;
        int intervalSec = 0;
        QElapsedTimer lastPoll; // invalid until the first poll
        Status status = Status::Pending;
    };

    QString newUserCode() const;
    // The device code of a pending authorization, or empty.
    QString pendingDeviceCode(const QString &userCode) const;

    QHash<QString, Record> m_byDeviceCode;
    QHash<QString, QString> m_deviceCodeByUserCode; // normalized user code -> device code
};

} // namespace Keyway
