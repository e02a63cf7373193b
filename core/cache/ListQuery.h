#pragma once

#include "config/ProviderProfile.h"

#include <QList>
#include <QString>

/** What `list` looks at: a SCAN pattern, and the profiles whose keys it names. */
struct ListQuery
{
    static inline const QString kDefaultWord = QStringLiteral("oauth2token");
    /** Entries `oauth2token...` and their locks `{oauth2token...}:lock`, in one SCAN. */
    static inline const QString kDefaultPattern = QStringLiteral("*oauth2token*");

    /** Glob for SCAN MATCH; empty means the default pattern plus every profile's key. */
    QString pattern;
    QList<ProviderProfile> profiles;
    int pageSize = 1000; ///< SCAN COUNT: bounded, so Redis is never blocked by one call
};
