#include "sandbox/devicecodes.h"

#include "sandbox/randomtoken.h"

#include <QRandomGenerator>

namespace Keyway {

namespace {

// RFC 8628 6.1: base-20 without vowels, so no code spells a word and none reads ambiguously.
constexpr char userCodeAlphabet[] = "BCDFGHJKLMNPQRSTVWXZ";
constexpr int userCodeLetters = 8;
// RFC 8628 3.5: "the interval MUST be increased by 5 seconds for this and all subsequent
// requests".
constexpr int slowDownStepSec = 5;

QString formatUserCode(const QString &normalized)
{
    return normalized.left(4) + QLatin1Char('-') + normalized.mid(4);
}

} // namespace

DeviceCodes::Started DeviceCodes::start(const QString &clientId, const QString &scope,
                                        int expiresInSec, int intervalSec)
{
    Record record;
    record.clientId = clientId;
    record.scope = scope;
    record.userCode = newUserCode();
    record.expiry = QDeadlineTimer(qint64(qMax(expiresInSec, 0)) * 1000);
    record.intervalSec = qMax(intervalSec, 0);
    const QString deviceCode = randomToken();
    m_deviceCodeByUserCode.insert(record.userCode, deviceCode);
    const Started started {deviceCode, formatUserCode(record.userCode)};
    m_byDeviceCode.insert(deviceCode, std::move(record));
    return started;
}

DeviceCodes::Poll DeviceCodes::poll(const QString &deviceCode, const QString &clientId)
{
    const auto record = m_byDeviceCode.find(deviceCode);
    if (record == m_byDeviceCode.end())
        return {PollResult::Unknown, {}};
    if (record->clientId != clientId)
        return {PollResult::WrongClient, {}};
    if (record->status == Status::Used)
        return {PollResult::AlreadyUsed, {}};
    if (record->status == Status::Denied)
        return {PollResult::Denied, {}};
    if (record->expiry.hasExpired())
        return {PollResult::Expired, {}};

    const bool tooSoon = record->lastPoll.isValid()
        && record->lastPoll.elapsed() < qint64(record->intervalSec) * 1000;
    record->lastPoll.start();
    if (tooSoon) {
        record->intervalSec += slowDownStepSec;
        return {PollResult::SlowDown, {}};
    }
    if (record->status == Status::Approved) {
        record->status = Status::Used;
        return {PollResult::Approved, record->scope};
    }
    return {PollResult::Pending, {}};
}

bool DeviceCodes::decide(const QString &userCode, Decision decision)
{
    const QString deviceCode = pendingDeviceCode(userCode);
    if (deviceCode.isEmpty())
        return false;
    Record *record = &m_byDeviceCode[deviceCode];
    switch (decision) {
    case Decision::Approve: record->status = Status::Approved; break;
    case Decision::Deny: record->status = Status::Denied; break;
    case Decision::Expire: record->expiry = QDeadlineTimer(0); break;
    }
    return true;
}

bool DeviceCodes::isPending(const QString &userCode) const
{
    return !pendingDeviceCode(userCode).isEmpty();
}

QString DeviceCodes::normalizeUserCode(const QString &userCode)
{
    QString normalized;
    for (const QChar c : userCode) {
        if (c.isLetterOrNumber())
            normalized.append(c.toUpper());
    }
    return normalized;
}

QString DeviceCodes::newUserCode() const
{
    // 20^8 codes; a collision with a live one is unlikely but would approve the wrong device.
    QString code;
    do {
        code.clear();
        for (int i = 0; i < userCodeLetters; ++i)
            code.append(QLatin1Char(userCodeAlphabet[QRandomGenerator::system()->bounded(
                int(sizeof userCodeAlphabet) - 1)]));
    } while (m_deviceCodeByUserCode.contains(code));
    return code;
}

QString DeviceCodes::pendingDeviceCode(const QString &userCode) const
{
    const QString deviceCode = m_deviceCodeByUserCode.value(normalizeUserCode(userCode));
    const auto record = m_byDeviceCode.constFind(deviceCode);
    if (record == m_byDeviceCode.cend() || record->status != Status::Pending
        || record->expiry.hasExpired())
        return QString();
    return deviceCode;
}

} // namespace Keyway
