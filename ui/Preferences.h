#pragma once

namespace tokencache {

/** The user's preferences, stored with QSettings. */
struct Preferences
{
    int syncIntervalMs = 5000;
    int clipboardClearMs = 30000; ///< 0: never clear

    static Preferences load();
    void save() const;
};

} // namespace tokencache
