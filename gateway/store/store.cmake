# gateway/store: the SQLite store (schema, config history, request log writer, readers).
target_sources(switchyard_gateway PRIVATE
    store/CacheEntryRow.h
    store/ConfigStore.cpp store/ConfigStore.h
    store/Database.cpp store/Database.h
    store/LogQuery.h
    store/LogReader.cpp store/LogReader.h store/LogReaderStats.cpp
    store/PriceRow.h
    store/RecordCodec.cpp store/RecordCodec.h
    store/RequestLogSink.cpp store/RequestLogSink.h
    store/RequestLogWriter.cpp store/RequestLogWriter.h
    store/Retention.cpp store/Retention.h
    store/Schema.cpp store/Schema.h
    store/SqlUtil.cpp store/SqlUtil.h
    store/StoreSettings.h
    store/Transaction.cpp store/Transaction.h
    store/WriteJob.h
)
