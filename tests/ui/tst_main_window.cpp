#include "ui/MainWindow.h"

#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard::ui;

// Offscreen: state changes show up, and a screenshot is written for a human look.
class TestMainWindow final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsRunningState();
    void showsFailure();
};

namespace {
bool hasLabel(QWidget *root, const QString &text)
{
    const auto labels = root->findChildren<QLabel *>();
    return std::any_of(labels.begin(), labels.end(),
                       [&](QLabel *l) { return l->text().contains(text); });
}
void saveShot(QWidget *w, const QString &name)
{
    const QByteArray dir = qgetenv("SWITCHYARD_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        w->grab().save(QDir(QString::fromLocal8Bit(dir)).filePath(name));
}
} // namespace

void TestMainWindow::showsRunningState()
{
    MainWindow window;
    window.setConfigPath(u"/home/dev/.local/share/switchyard/config.json"_s);
    window.setGatewayState(MainWindow::GatewayState::Running, u"http://127.0.0.1:8484/v1"_s);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(hasLabel(&window, u"http://127.0.0.1:8484/v1"_s));
    QVERIFY(hasLabel(&window, u"Running"_s));
    QCOMPARE(window.baseUrl(), u"http://127.0.0.1:8484/v1"_s);
    const auto buttons = window.findChildren<QPushButton *>();
    const auto copy = std::find_if(buttons.begin(), buttons.end(),
                                   [](auto *b) { return b->text() == u"Copy"_s; });
    QVERIFY(copy != buttons.end());
    QVERIFY((*copy)->isEnabled());
    saveShot(&window, u"main-window-running.png"_s);
}

void TestMainWindow::showsFailure()
{
    MainWindow window;
    window.setGatewayState(MainWindow::GatewayState::Failed,
                           u"port 8484 on 127.0.0.1 is already in use"_s);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(hasLabel(&window, u"already in use"_s));
    saveShot(&window, u"main-window-failed.png"_s);
}

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
