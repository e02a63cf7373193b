#pragma once

#include "core/cache/CacheEntry.h"
#include "core/common/Result.h"
#include "core/config/ProviderProfile.h"

#include <QList>
#include <QString>

#include <functional>

namespace tokencache {

/** What `list` looks at: a SCAN pattern, and the profiles whose keys it names. */
struct ListQuery
{
    /** A page of entries, as the scan finds them. */
    using BatchHandler = std::function<void(const QList<CacheEntry>&)>;
    /** The number of entries found, or why the scan stopped. */
    using DoneHandler = std::function<void(const Result<qsizetype>&)>;

    static inline const QString kDefaultWord = QStringLiteral("oauth2token");
    /** Entries `oauth2token...` and their locks `{oauth2token...}:lock`, in one SCAN. */
    static inline const QString kDefaultPattern = QStringLiteral("*oauth2token*");

    /** Glob for SCAN MATCH; empty means the default pattern plus every profile's key. */
    QString pattern;
    QList<ProviderProfile> profiles;
    int pageSize = 1000; ///< SCAN COUNT: bounded, so Redis is never blocked by one call
};

} // namespace tokencache
