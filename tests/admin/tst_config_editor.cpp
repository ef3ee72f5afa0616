#include "admin/ConfigEditor.h"
#include "admin/ProviderEditor.h"
#include "store/ConfigStore.h"
#include "store/Database.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

using namespace Qt::StringLiterals;
using namespace switchyard;

namespace {

// Written by hand (not by Qt) so "byte-identical" means something. No "//" in it: moc does
// not understand raw strings and would read the rest of the file as a comment.
const QByteArray kConfig = R"({
  "gateway": { "host": "127.0.0.1", "port": 8484 },
  "providers": [
    { "name": "fa", "kind": "openai", "base_url": "http:\/\/127.0.0.1:9/v1",
      "api_key": { "env": "SY_TEST_FA_KEY" }, "models": ["m1", "m2"] },
    { "name": "lo", "preset": "ollama", "models": ["llama3"] }
  ],
  "routes": [
    { "model": "coder", "targets": ["fa/m1", "lo/llama3"] }
  ]
}
)";

using Edit = std::function<void(QJsonObject &)>;

QJsonObject providerAt(const QJsonObject &root, qsizetype i)
{
    return root.value(u"providers"_s).toArray().at(i).toObject();
}

void setProvider(QJsonObject &root, qsizetype i, const QJsonObject &provider)
{
    QJsonArray providers = root.value(u"providers"_s).toArray();
    providers.replace(i, provider);
    root.insert(u"providers"_s, providers);
}

} // namespace

Q_DECLARE_METATYPE(Edit)

// admin::ConfigEditor, the config edit the CLI and the desktop app share, driven directly
// (no CLI, no executable): a real temp data dir and the real SQLite store.
class TestConfigEditor final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void validEditIsWrittenAndRecorded();
    void invalidEditIsRefused_data();
    void invalidEditIsRefused();
    void removingAProviderInUseIsRefused();

private:
    QByteArray configBytes() const;
    QByteArray recordedBytes() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    admin::AdminPaths m_paths;
};

void TestConfigEditor::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_paths.dataDir = m_dir->path();
    m_paths.configPath = QDir(m_dir->path()).filePath(u"config.json"_s);
    QFile file(m_paths.configPath);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(kConfig), kConfig.size());
}

void TestConfigEditor::cleanup()
{
    m_dir.reset();
}

QByteArray TestConfigEditor::configBytes() const
{
    QFile file(m_paths.configPath);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray TestConfigEditor::recordedBytes() const
{
    auto db = store::Database::open(m_paths.databasePath(), store::Database::Mode::ReadOnly);
    if (!db)
        return QByteArray();
    return store::ConfigStore::currentConfig(**db).value_or(QByteArray());
}

void TestConfigEditor::validEditIsWrittenAndRecorded()
{
    const admin::ConfigEditor editor(m_paths);
    auto root = editor.readObject();
    QVERIFY(root.ok());
    QJsonObject provider = providerAt(*root, 1);
    provider.insert(u"local"_s, true);
    setProvider(*root, 1, provider);
    root->insert(u"routes"_s,
                 QJsonArray { QJsonObject { { u"model"_s, u"coder"_s },
                                            { u"targets"_s, QJsonArray { u"lo/llama3"_s } } } });

    auto committed = editor.commit(*root);
    QVERIFY2(committed.ok(), qPrintable(committed.ok() ? QString() : committed.error().message));
    QVERIFY2(committed->warning.isEmpty(), qPrintable(committed->warning));
    // What the gateway will load is what was asked for…
    QCOMPARE(committed->config.routes.size(), 1);
    QCOMPARE(committed->config.routes.first().targets, QStringList { u"lo/llama3"_s });
    QVERIFY(committed->config.provider(u"lo"_s)->isLocal());

    // …the file holds exactly the edit, the store recorded those bytes, and both read back.
    const QByteArray written = QJsonDocument(*root).toJson(QJsonDocument::Indented);
    QCOMPARE(configBytes(), written);
    QCOMPARE(recordedBytes(), written);
    auto current = editor.currentBytes();
    QVERIFY(current.ok());
    QCOMPARE(*current, written);
    auto loaded = editor.load();
    QVERIFY(loaded.ok());
    QCOMPARE(loaded->routes, committed->config.routes);

    // Committing the same bytes again adds no second record and no warning.
    auto again = editor.commit(written);
    QVERIFY(again.ok());
    QVERIFY(again->warning.isEmpty());
    QCOMPARE(recordedBytes(), written);
}

void TestConfigEditor::invalidEditIsRefused_data()
{
    QTest::addColumn<Edit>("edit");
    QTest::addColumn<QStringList>("fieldErrors"); // each must appear in the message

    QTest::newRow("unknown provider kind") << Edit([](QJsonObject &root) {
        QJsonObject fa = providerAt(root, 0);
        fa.insert(u"kind"_s, u"nope"_s);
        setProvider(root, 0, fa);
    }) << QStringList { u"providers[0].kind: unknown kind 'nope'"_s };
    QTest::newRow("route to a missing provider") << Edit([](QJsonObject &root) {
        QJsonArray providers = root.value(u"providers"_s).toArray();
        providers.removeAt(0);
        root.insert(u"providers"_s, providers);
    }) << QStringList { u"routes[0].targets[0]: unknown provider 'fa'"_s };
    QTest::newRow("two problems, both named") << Edit([](QJsonObject &root) {
        QJsonObject lo = providerAt(root, 1);
        lo.insert(u"preset"_s, u"no-such-preset"_s);
        setProvider(root, 1, lo);
        root.insert(u"gateway"_s, QJsonObject { { u"port"_s, u"eighty"_s } });
    }) << QStringList { u"providers[1].preset"_s, u"gateway.port"_s };
}

void TestConfigEditor::invalidEditIsRefused()
{
    QFETCH(Edit, edit);
    QFETCH(QStringList, fieldErrors);
    const admin::ConfigEditor editor(m_paths);
    auto root = editor.readObject();
    QVERIFY(root.ok());
    edit(*root);

    auto committed = editor.commit(*root);
    QVERIFY(!committed.ok());
    QCOMPARE(committed.error().code, ErrorCode::InvalidArgument);
    for (const QString &fieldError : fieldErrors)
        QVERIFY2(committed.error().message.contains(fieldError),
                 qPrintable(committed.error().message));
    QCOMPARE(configBytes(), kConfig); // byte-identical
    QVERIFY(!QFile::exists(m_paths.databasePath())); // nothing recorded either
}

void TestConfigEditor::removingAProviderInUseIsRefused()
{
    const admin::ConfigEditor editor(m_paths);
    auto removed = admin::ProviderEditor::remove(editor, u"fa"_s);
    QVERIFY(!removed.ok());
    QVERIFY2(removed.error().message.contains(u"routes[0].targets[0]: unknown provider 'fa'"_s),
             qPrintable(removed.error().message));
    QCOMPARE(configBytes(), kConfig);

    auto missing = admin::ProviderEditor::remove(editor, u"nosuch"_s);
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, ErrorCode::NotFound);
    QCOMPARE(configBytes(), kConfig);
    QVERIFY(!QFile::exists(m_paths.databasePath()));
}

QTEST_GUILESS_MAIN(TestConfigEditor)
#include "tst_config_editor.moc"
