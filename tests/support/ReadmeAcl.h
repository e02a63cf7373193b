#pragma once

#include <QStringList>

namespace tokencache {

/**
 * The least-privilege ACL rules exactly as the README documents them, as redis-cli arguments,
 * so the tests that run tokencache under them fail when the README's rule is too narrow.
 */
namespace ReadmeAcl {

/** "ACL SETUSER tokencache ..." for the Redis servers, with @p password for ">SECRET"; empty if missing. */
QStringList serverRule(const QString& password);
/** "ACL SETUSER default ..." for sentinels that restrict their default user; empty if missing. */
QStringList sentinelRule();

} // namespace ReadmeAcl

} // namespace tokencache
