# gateway/cost: model prices, request cost and budgets.
target_sources(switchyard_gateway PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/BudgetConfig.cpp ${CMAKE_CURRENT_LIST_DIR}/BudgetConfig.h
    ${CMAKE_CURRENT_LIST_DIR}/BudgetTracker.cpp ${CMAKE_CURRENT_LIST_DIR}/BudgetTracker.h
    ${CMAKE_CURRENT_LIST_DIR}/CostCalculator.cpp ${CMAKE_CURRENT_LIST_DIR}/CostCalculator.h
    ${CMAKE_CURRENT_LIST_DIR}/Price.cpp ${CMAKE_CURRENT_LIST_DIR}/Price.h
    ${CMAKE_CURRENT_LIST_DIR}/PriceResolver.cpp ${CMAKE_CURRENT_LIST_DIR}/PriceResolver.h
    ${CMAKE_CURRENT_LIST_DIR}/PriceResources.cpp ${CMAKE_CURRENT_LIST_DIR}/PriceResources.h
    ${CMAKE_CURRENT_LIST_DIR}/PriceTable.cpp ${CMAKE_CURRENT_LIST_DIR}/PriceTable.h
    ${CMAKE_CURRENT_LIST_DIR}/Usage.cpp ${CMAKE_CURRENT_LIST_DIR}/Usage.h
)
# The bundled price table (LiteLLM data, MIT) and its licence, as :/switchyard/prices/*.
# cost::ensurePriceResources() registers them, because a static library's resource
# initialiser is not guaranteed to run on its own.
qt_add_resources(switchyard_gateway switchyard_prices
    PREFIX /switchyard/prices
    BASE ${PROJECT_SOURCE_DIR}/resources/prices
    FILES
        ${PROJECT_SOURCE_DIR}/resources/prices/prices.json
        ${PROJECT_SOURCE_DIR}/resources/prices/LICENSE-litellm.txt
)
