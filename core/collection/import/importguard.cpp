#include "collection/import/importguard.h"

#include "collection/import/importfailure.h"
#include "collection/import/textinput.h"

#include <new>

namespace Keyway::ImportDetail {

ImportResult guardedImport(const QString &fileName, const QByteArray *bytes,
                           const std::function<void(ImportResult &)> &read)
{
    const QString file = fileName.isEmpty() ? QStringLiteral("<input>") : fileName;
    try {
        if (bytes)
            checkInput(*bytes);
        ImportResult result;
        read(result);
        return result;
    } catch (const ImportFailure &failure) {
        return ImportResult::failure({file, failure.place, failure.message});
    } catch (const std::bad_alloc &) {
        return ImportResult::failure(
            {file, QString(), QStringLiteral("not enough memory to import this file")});
    }
}

} // namespace Keyway::ImportDetail
