// Screenshots of the window as a user sees it, for docs/: a real window on a real Redis, its
// table filled, one row selected, grabbed with QWidget::grab(). Run by scripts/screenshots.sh.
// Usage: shoot_window CONFIG REDIS_URL WIDTHxHEIGHT light|dark SELECT_KEY OUT.png [CONNECTION...]
// REDIS_URL "-": the configuration's own. Each CONNECTION opens as a tab; the last is in front.
#include "ui/MainWindow.h"
#include "ui/model/TokenTableModel.h"
#include "ui/sync/CacheSync.h"

#include <QApplication>
#include <QItemSelectionModel>
#include <QPalette>
#include <QStyleFactory>
#include <QTableView>
#include <QTimer>

using namespace tokencache;

namespace {

QPalette darkPalette()
{
    QPalette palette;
    const QColor window(0x2d, 0x2d, 0x30), base(0x1e, 0x1e, 0x1e), text(0xe6, 0xe6, 0xe6);
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x29));
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, window);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::ToolTipBase, base);
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::Highlight, QColor(0x35, 0x84, 0xe4));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    for (const auto role : {QPalette::Text, QPalette::WindowText, QPalette::ButtonText})
        palette.setColor(QPalette::Disabled, role, QColor(0x80, 0x80, 0x80));
    return palette;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    const QStringList args = QApplication::arguments();
    if (args.size() < 7) {
        qWarning("usage: shoot_window CONFIG REDIS_URL WIDTHxHEIGHT light|dark SELECT_KEY OUT.png "
                 "[CONNECTION...]");
        return 2;
    }
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    if (args.at(4) == QLatin1String("dark"))
        QApplication::setPalette(darkPalette());
    const QStringList size = args.at(3).split(QLatin1Char('x'));
    MainWindow window(args.at(1), args.at(2) == QLatin1String("-") ? QString() : args.at(2));
    for (const QString& connection : args.mid(7))
        window.openConnection(connection);
    window.resize(size.value(0).toInt(), size.value(1).toInt());
    window.show();
    const QString key = args.at(5);
    const QString out = args.at(6);
    QObject::connect(&window.sync(), &CacheSync::synced, &window, [&window, key, out] {
        auto* table = window.currentView().findChild<QTableView*>(QStringLiteral("tokenTable"));
        const QModelIndex row = window.model().indexForKey(key);
        if (row.isValid())
            table->selectionModel()->setCurrentIndex(row, QItemSelectionModel::ClearAndSelect |
                                                              QItemSelectionModel::Rows);
        table->setFocus(); // as the click that selected the row would
        // The detail pane reads the entry: give it a moment, then grab what is on screen.
        QTimer::singleShot(1500, &window,
                           [&window, out] { QApplication::exit(window.grab().save(out) ? 0 : 1); });
    });
    QTimer::singleShot(30000, &app, [] { QApplication::exit(3); }); // never synced: say so
    return QApplication::exec();
}
