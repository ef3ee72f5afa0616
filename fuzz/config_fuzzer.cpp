// config::ConfigLoader::parse: any bytes; a config it accepts must survive toJson → parse.
#include "FuzzSupport.h"
#include "config/ConfigLoader.h"

#include <QJsonDocument>

#include <cstdio>

using namespace switchyard;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto config = config::ConfigLoader::parse(fuzz::input(data, size).toByteArray());
    if (!config) {
        if (config.error().message.isEmpty())
            fuzz::fail("a refused config without a message");
        return 0;
    }
    const QByteArray written
        = QJsonDocument(config::ConfigLoader::toJson(*config)).toJson(QJsonDocument::Compact);
    const auto again = config::ConfigLoader::parse(written);
    if (!again) {
        std::fprintf(stderr, "re-parse failed: %s\n", qPrintable(again.error().message));
        fuzz::fail("a config written by toJson is refused by parse");
    }
    return 0;
}
