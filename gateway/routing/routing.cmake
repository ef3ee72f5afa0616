# The routing engine: pure logic (rules, strategies, breakers, health), no network.
target_sources(switchyard_gateway PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/BreakerSettings.h
    ${CMAKE_CURRENT_LIST_DIR}/CircuitBreaker.cpp ${CMAKE_CURRENT_LIST_DIR}/CircuitBreaker.h
    ${CMAKE_CURRENT_LIST_DIR}/Clock.h
    ${CMAKE_CURRENT_LIST_DIR}/HealthRegistry.cpp ${CMAKE_CURRENT_LIST_DIR}/HealthRegistry.h
    ${CMAKE_CURRENT_LIST_DIR}/HealthSnapshot.cpp ${CMAKE_CURRENT_LIST_DIR}/HealthSnapshot.h
    ${CMAKE_CURRENT_LIST_DIR}/Outcome.cpp ${CMAKE_CURRENT_LIST_DIR}/Outcome.h
    ${CMAKE_CURRENT_LIST_DIR}/RandomSource.h
    ${CMAKE_CURRENT_LIST_DIR}/RequestFeatures.cpp ${CMAKE_CURRENT_LIST_DIR}/RequestFeatures.h
    ${CMAKE_CURRENT_LIST_DIR}/RetryPolicy.cpp ${CMAKE_CURRENT_LIST_DIR}/RetryPolicy.h
    ${CMAKE_CURRENT_LIST_DIR}/RouteCandidate.h
    ${CMAKE_CURRENT_LIST_DIR}/RoutingDecision.cpp ${CMAKE_CURRENT_LIST_DIR}/RoutingDecision.h
    ${CMAKE_CURRENT_LIST_DIR}/RoutingEngine.cpp ${CMAKE_CURRENT_LIST_DIR}/RoutingEngine.h
    ${CMAKE_CURRENT_LIST_DIR}/RuleSet.cpp ${CMAKE_CURRENT_LIST_DIR}/RuleSet.h
    ${CMAKE_CURRENT_LIST_DIR}/Strategy.cpp ${CMAKE_CURRENT_LIST_DIR}/Strategy.h
    ${CMAKE_CURRENT_LIST_DIR}/StrategyOrder.cpp ${CMAKE_CURRENT_LIST_DIR}/StrategyOrder.h
    ${CMAKE_CURRENT_LIST_DIR}/SystemClock.cpp ${CMAKE_CURRENT_LIST_DIR}/SystemClock.h
    ${CMAKE_CURRENT_LIST_DIR}/SystemRandom.cpp ${CMAKE_CURRENT_LIST_DIR}/SystemRandom.h
    ${CMAKE_CURRENT_LIST_DIR}/TargetStats.cpp ${CMAKE_CURRENT_LIST_DIR}/TargetStats.h
    ${CMAKE_CURRENT_LIST_DIR}/TokenEstimator.cpp ${CMAKE_CURRENT_LIST_DIR}/TokenEstimator.h
)
