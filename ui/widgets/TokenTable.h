#pragma once

#include <QTableView>

namespace tokencache {

class TokenTableModel;

/**
 * The token table: columns, sorting, the TTL bars; rows are known by their key. Several rows can
 * be selected; the selection and the row at the top of the view stay with their keys while rows
 * arrive, move and leave (a selected row that leaves is no longer selected, and nothing else is).
 */
class TokenTable final : public QTableView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenTable)

public:
    TokenTable(TokenTableModel& model, QWidget* parent = nullptr);

    /** The selected rows' keys, in table order. */
    QStringList selectedKeys() const;
    /** The key of the one selected row; empty when none or several are selected. */
    QString selectedKey() const;
    /** The profiles owning the selected rows, each once, in table order; rows no profile owns add none. */
    QStringList selectedProfileNames() const;
    /** The keys of the rows in view, from the first visible to the last. */
    QStringList visibleKeys() const;
    /** The header menu's checks follow the columns shown (after a saved layout is restored). */
    void syncColumnToggles();

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    static constexpr int kMinKeyWidth = 160; ///< "oauth2…orders": enough to tell keys apart
    /** The key column takes what the others leave, but never less than kMinKeyWidth. */
    void keepKeyReadable();
    /** Before rows move: the key at the top of the view, if the user scrolled away from the top. */
    void rememberTopRow();
    /** After: the same key at the top again, so rows arriving above do not push the view. */
    void restoreTopRow();
    QModelIndexList selectedKeyIndexes() const;

    TokenTableModel& m_model;
    QString m_topKey;
};

} // namespace tokencache
