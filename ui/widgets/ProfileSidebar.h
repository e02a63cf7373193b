#pragma once

#include <QHash>
#include <QTreeWidget>

namespace tokencache {

struct Connection;

/** The left column: every configured connection and, under each, its problems and its provider profiles. */
class ProfileSidebar final : public QTreeWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileSidebar)

public:
    explicit ProfileSidebar(QWidget* parent = nullptr);

    /** Shows @p connections and their profiles, @p current in bold and chosen; a profile of @p current that
     * was chosen stays chosen while it exists. */
    void showConnections(const QList<Connection>& connections, const QString& current);
    /** Said beside connection @p name and in its tooltip (a private, throwaway Redis); empty: nothing. */
    void setConnectionNote(const QString& name, const QString& note);
    /** The number of rows with problems in connection @p name's cache (-1: unknown), said beside its
     *  Problems entry; @p note, in its tooltip, says how it was counted, or why not. */
    void setProblemCount(const QString& name, int count, const QString& note = {});
    /** Whether a connection's Problems entry is chosen. */
    bool problemsChosen() const;
    /** The chosen profile's name; empty when a connection or nothing is chosen. */
    QString currentProfileName() const;
    /** The connection of the chosen item (itself or the profile's); empty when nothing is chosen. */
    QString currentConnectionName() const;

signals:
    void profileActivated();
    void connectionActivated();

private:
    QString m_notedConnection;
    QString m_connectionNote;
    struct ProblemCount
    {
        int count = -1;
        QString note;
    };
    QHash<QString, ProblemCount> m_problemCounts; ///< per connection
};

} // namespace tokencache
