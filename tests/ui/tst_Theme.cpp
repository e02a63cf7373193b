// Every colour the window uses stays readable on a light and on a dark palette.
#include "ui/Theme.h"

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>
#include <QTest>

#include <cmath>
#include <memory>

using namespace tokencache;

namespace {

// WCAG 2 relative luminance and contrast ratio: the usual measure of "readable".
double luminance(const QColor& color)
{
    const auto channel = [](double value) {
        return value <= 0.03928 ? value / 12.92 : std::pow((value + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) +
           0.0722 * channel(color.blueF());
}

double contrast(const QColor& a, const QColor& b)
{
    const double lighter = std::max(luminance(a), luminance(b));
    const double darker = std::min(luminance(a), luminance(b));
    return (lighter + 0.05) / (darker + 0.05);
}

QPalette fusionPalette()
{
    const std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
    return fusion->standardPalette();
}

QPalette darkPalette()
{
    QPalette palette = fusionPalette();
    palette.setColor(QPalette::Window, QColor(0x2d, 0x2d, 0x2d));
    palette.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    palette.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    palette.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
    palette.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
    return palette;
}

} // namespace

class tst_Theme : public QObject
{
    Q_OBJECT

private slots:
    void textTonesAreReadableOnLightAndDarkBases_data()
    {
        QTest::addColumn<QPalette>("palette");
        QTest::newRow("light") << fusionPalette();
        QTest::newRow("dark") << darkPalette();
    }

    void textTonesAreReadableOnLightAndDarkBases()
    {
        QFETCH(QPalette, palette);
        QCOMPARE(Theme::isDark(palette), QByteArray(QTest::currentDataTag()) == "dark");
        for (const Theme::Tone tone : {Theme::Tone::Good, Theme::Tone::Warning, Theme::Tone::Bad,
                                       Theme::Tone::Info, Theme::Tone::Muted}) {
            // 3:1 is WCAG's minimum for text that carries meaning beside a symbol or word.
            const double ratio = contrast(Theme::text(tone, palette), palette.color(QPalette::Base));
            QVERIFY2(ratio >= 3.0,
                     qPrintable(QStringLiteral("tone %1: contrast %2").arg(int(tone)).arg(ratio)));
        }
        QVERIFY(contrast(Theme::track(palette), palette.color(QPalette::Base)) >
                1.1); // the bar's track is seen
    }
};

QTEST_MAIN(tst_Theme)
#include "tst_Theme.moc"
