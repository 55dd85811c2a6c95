// Secret variable values go to a real gnome-keyring (on a private D-Bus session) and come back
// into a workspace loaded from files that never held them.
#include "collection/secretvault.h"
#include "collection/workspacestore.h"
#include "keyringsession.h"
#include "workspacefixture.h"

#include <QDirIterator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Keyway;
using namespace Keyway::Fixture;
using namespace Keyway::Test;

namespace {

Variable secret(const QString &name, const QString &value)
{
    Variable v = var(name, value);
    v.secret = true;
    return v;
}

} // namespace

class tst_SecretVault : public QObject
{
    Q_OBJECT

    KeyringSession m_keyring;

    static QStringList store(SecretVault &vault, const WorkspaceData &data)
    {
        QStringList errors {QStringLiteral("not finished")};
        bool finished = false;
        QObject context;
        vault.store(data, &context, [&](QStringList e) {
            errors = e;
            finished = true;
        });
        [&] {
            QTRY_VERIFY_WITH_TIMEOUT(finished, 30000);
        }();
        return errors;
    }
    static WorkspaceData fill(SecretVault &vault, const WorkspaceData &data, QStringList *errors)
    {
        WorkspaceData out;
        bool finished = false;
        QObject context;
        vault.fill(data, &context, [&](WorkspaceData filled, QStringList e) {
            out = std::move(filled);
            *errors = e;
            finished = true;
        });
        [&] {
            QTRY_VERIFY_WITH_TIMEOUT(finished, 30000);
        }();
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QString error;
        QVERIFY2(m_keyring.start(&error), qPrintable(error));
    }

    void secrets_roundTripThroughTheKeychainNotTheFiles()
    {
        WorkspaceData data = richWorkspace();
        data.variables.append(secret(QStringLiteral("apiKey"), QStringLiteral("vault-ws-1")));
        data.environments[1].variables.append(
            secret(QStringLiteral("clientSecret"), QStringLiteral("vault-env-2")));
        data.collections[0].folders[1].variables.append(
            secret(QStringLiteral("deep"), QStringLiteral("vault-folder-3")));
        data.collections[0].requests[0].auth.mode = RequestAuth::Mode::Bearer;
        data.collections[0].requests[0].auth.token = QStringLiteral("vault-literal-4");

        QTemporaryDir dir;
        WorkspaceStore files(dir.path());
        QVERIFY(files.save(data).ok()); // the literal token became {{bearerToken}}
        SecretVault vault;
        QCOMPARE(store(vault, data), QStringList());

        QDirIterator it(dir.path(), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile file(it.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(!file.readAll().contains("vault-"), qPrintable(file.fileName()));
        }

        WorkspaceStore reader(dir.path());
        const WorkspaceData loaded = reader.load().data;
        QVERIFY(loaded.variables.last().value.isEmpty());
        QStringList errors;
        const WorkspaceData filled = fill(vault, loaded, &errors);
        QCOMPARE(errors, QStringList());
        QCOMPARE(filled, data);
        QCOMPARE(filled.collections[0].requests[0].variables.last().value,
                 QStringLiteral("vault-literal-4"));

        // Another workspace (another id) with the same variable names sees none of them.
        WorkspaceData other = loaded;
        other.id = QStringLiteral("another-id");
        const WorkspaceData otherFilled = fill(vault, other, &errors);
        QVERIFY(otherFilled.variables.last().value.isEmpty());

        // A forgotten secret stays empty.
        bool forgotten = false;
        QObject context;
        vault.forget(data.id, QStringLiteral("environment/dev"), QStringLiteral("clientSecret"),
                     &context, [&](QStringList e) {
                         QVERIFY(e.isEmpty());
                         forgotten = true;
                     });
        QTRY_VERIFY_WITH_TIMEOUT(forgotten, 30000);
        const WorkspaceData after = fill(vault, loaded, &errors);
        QVERIFY(after.environments[1].variables.last().value.isEmpty());
        QCOMPARE(after.variables.last().value, QStringLiteral("vault-ws-1"));
    }

    void key_namesWorkspaceScopeAndVariable()
    {
        QCOMPARE(SecretVault::keyFor(QStringLiteral("id-1"), QStringLiteral("folder/Users/Admin"),
                                     QStringLiteral("pw")),
                 QStringLiteral("id-1/folder/Users/Admin/pw"));
    }
};

QTEST_GUILESS_MAIN(tst_SecretVault)
#include "tst_secretvault.moc"
