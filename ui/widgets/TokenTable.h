#pragma once

#include <QTableView>

namespace tokencache {

class TokenTableModel;

/** The token table: columns, sorting, the TTL bars; rows are known by their key. */
class TokenTable final : public QTableView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenTable)

public:
    TokenTable(TokenTableModel& model, QWidget* parent = nullptr);

    /** The current row's key; empty when no row is current. */
    QString currentKey() const;
    /** The current row's profile name; empty when no profile owns its key. */
    QString currentProfileName() const;
    /** The keys of the rows in view, from the first visible to the last. */
    QStringList visibleKeys() const;

private:
    TokenTableModel& m_model;
};

} // namespace tokencache
