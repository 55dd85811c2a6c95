#pragma once

// Internal to the Insomnia importer: Insomnia v5 files (Insomnia 10 and later, YAML), whose
// `type` says what they hold. A collection or a design document (requests in a tree of folders,
// environments) and global environments are imported; mock servers and MCP clients have nothing
// a workspace holds and are refused.

#include "collection/import/insomniamapping.h"

namespace Keyway::ImportDetail {

class InsomniaV5Reader
{
public:
    explicit InsomniaV5Reader(ImportResult &result) : m_map(result) { }

    const QString &where() const { return m_map.where(); }
    void read(const JsonCursor &root);

    // Whether `type` names a v5 file ("collection.insomnia.rest/5.0"), of any kind or version.
    static bool isV5Type(const QString &type);

private:
    void readCollection(const JsonCursor &root, const QString &name, bool design);
    void readGlobalEnvironments(const JsonCursor &root, const QString &name);
    void readItems(const JsonCursor &items, FolderItem &into, const QString &path, int depth);
    void readItem(const JsonCursor &item, FolderItem &into, const QString &path, int depth);
    void scripts(const JsonCursor &item, const QString &path);
    // The base environment's variables; its sub-environments go to the workspace.
    VariableList readEnvironments(const JsonCursor &base);
    void reportLeftOut(const JsonCursor &list, const QString &what, const QString &path);

    InsomniaMapping m_map;
};

} // namespace Keyway::ImportDetail
