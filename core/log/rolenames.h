#pragma once

#include <QByteArray>
#include <QHash>

#include <initializer_list>
#include <utility>

namespace Keyway {

// A model's roleNames(): Qt's own (`base`) and the model's roles with their names, so that every
// core model lists its role enum once, as a table.
QHash<int, QByteArray> withRoleNames(QHash<int, QByteArray> base,
                                     std::initializer_list<std::pair<int, const char *>> roles);

} // namespace Keyway
