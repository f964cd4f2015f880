"""ETA prediction: how long a trip will take, from the route and real-time traffic.

A ride-hailing or delivery app asks for an ETA many times per trip (before booking, at dispatch,
every few seconds en route). The route comes first: a routing engine finds the best path on the
road graph and sums per-segment travel times, themselves live speeds aggregated from drivers' GPS
pings after map matching. That physical estimate is good but biased (turns, pickups, lights, the
time of day), so a model predicts the residual: a deep network over the route's features (length,
segment speeds, turn counts), the real-time traffic on its segments, the time and place, and the
trip type. Completed trips give the label, the actual duration, within minutes; the model is
retrained daily and evaluated by mean absolute error, split by city and trip length.

Sources: Uber Engineering, "DeepETA: How Uber Predicts Arrival Times Using Deep Learning" (uber.com
blog, 2022); Derrow-Pinion et al., "ETA Prediction with Graph Neural Networks in Google Maps" (CIKM
2021); Wang, Fu and Ye, "Learning to Estimate the Travel Time" (DiDi's WDR model, KDD 2018); Uber
Engineering, "H3: Uber's Hexagonal Hierarchical Spatial Index" (uber.com blog, 2018); Newson &
Krumm, "Hidden Markov Map Matching Through Noise and Sparseness" (ACM SIGSPATIAL 2009).
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, link
from mlsd_diagrams.blocks import continual_training, interaction_log, monitoring_stack


def build() -> Design:
    bp = Blueprint(
        "eta_prediction",
        "ETA Prediction (route + real-time traffic)",
        summary=(
            "The ETA service asks the routing engine for the best route and its summed segment "
            "times, then a residual model corrects that estimate from route, traffic, time and "
            "trip features. Drivers' GPS pings are map-matched and aggregated into live segment "
            "speeds for both. Completed trips label the model, retrained daily."
        ),
        sla_ms=100,
    )
    rider = bp.add("rider", "client", "Rider app", latency_ms=0)
    drivers = bp.add("drivers", "client", "Driver apps (GPS)")
    with bp.group("serving", "ETA serving (online)"):
        api = bp.add("trip_api", "api_gateway", "Trip API", latency_ms=5)
        eta = bp.add(
            "eta_service",
            "app_service",
            "ETA service",
            latency_ms=3,
            notes="Caches an ETA per trip for a few seconds; re-asks the route when off-route.",
        )
        routing = bp.add(
            "routing_engine",
            "app_service",
            "Routing engine (road graph)",
            latency_ms=30,
            notes="Contraction hierarchies on the road graph, edge weights = live segment times.",
        )
        model = bp.add(
            "eta_model",
            "model_serving",
            "ETA residual model",
            latency_ms=10,
            notes="Predicts actual minus routed time; transformer over route features (DeepETA).",
        )
        features = bp.add(
            "online_features",
            "feature_store",
            "Traffic & trip features",
            latency_ms=3,
            tech="Redis",
        )
    with bp.group("traffic", "Real-time traffic (nearline)"):
        pings = bp.add("gps_stream", "message_queue", "GPS pings", tech="Kafka")
        matching = bp.add(
            "map_matching",
            "stream_processor",
            "Map matching",
            notes="HMM over candidate road segments: noisy GPS points to a driven path.",
        )
        speeds = bp.add(
            "segment_speeds",
            "stream_processor",
            "Segment speed aggregation",
            notes="Median speed per road segment over the last 5 minutes.",
        )
        live = bp.add("live_speeds", "cache", "Live segment speeds", latency_ms=2, tech="Redis")

    rider >> link(label="pickup, drop-off", latency_ms=30) >> api
    api >> link(latency_ms=1) >> eta
    eta >> link(label="route", latency_ms=1) >> routing
    routing >> link(label="segment times", latency_ms=1) >> live
    eta >> link(label="route + routed time", latency_ms=1) >> model
    model >> link(label="features", latency_ms=1) >> features
    drivers >> link("async", "pings every 4 s") >> pings
    pings >> link("async") >> matching
    matching >> link("async", "matched paths") >> speeds
    speeds >> link("async", "speeds") >> live
    speeds >> link("async", "traffic features") >> features

    logs = interaction_log(
        bp, feedback_from=[drivers], feedback_label="trips: shown ETA, actual time"
    )
    with bp.group("training_data", "Training data"):
        builder = bp.add(
            "training_set",
            "batch_pipeline",
            "Join ETAs with actual times",
            notes="Label = actual arrival minus routed time; traffic as of the request, not after.",
        )
    logs.lake >> link("batch", "trips, served ETAs") >> builder
    continual_training(
        bp,
        training_data=builder,
        serve_to=[model],
        trainer_label="Train residual model (daily)",
        model_label="ETA model",
    )
    monitoring_stack(bp, observed=[model, routing], drift_from=[speeds])

    bp.frames = [
        ["rider", "trip_api", "eta_service", "routing_engine", "eta_model"],
        ["online_features", "drivers", "traffic"],
        ["logging_group", "training_data", "training_group"],
        ["monitoring_group"],
    ]
    bp.card = Card(
        narration=(
            "The rider app sends pickup and drop-off to the trip API; the ETA service asks the "
            "routing engine for the best route on live segment speeds, then the ETA residual "
            "model corrects the routed time with traffic and trip features. Driver apps stream "
            "GPS pings, which map matching and segment speed aggregation turn into the live "
            "speeds and traffic features both use. Completed trips and served ETAs land in the "
            "event log and data lake, training joins ETAs with actual times, and the residual "
            "model is retrained daily, evaluated and deployed from the model registry."
        ),
        requirements=[
            "An ETA for any trip in under 100 ms, asked before booking, at dispatch and en route",
            "Mean absolute error within ~2 minutes on urban trips; no systematic bias",
            "Reacts to traffic within minutes (accidents, events, weather)",
            "Millions of trips a day across hundreds of cities",
        ],
        inputs=["Origin, destination, time of request, trip type (ride, delivery)"],
        outputs=["Expected arrival time (and an uncertainty band for deliveries)"],
        ml_task=(
            "Regression of the residual: actual duration minus the routing engine's estimate, "
            "given route, traffic and context features."
        ),
        data=[
            "Completed trips: route driven, actual duration, served ETAs along the way",
            "GPS pings from drivers every few seconds, map-matched to road segments",
            "The road graph with speed limits, turn restrictions and historical speeds",
        ],
        features=[
            "Route: distance, routed time, number of turns and lights, road classes",
            "Real-time traffic: live speed on each route segment vs its historical speed",
            "Context: hour of week, city, weather, trip type, pickup or drop-off difficulty",
        ],
        model=[
            "Baseline: the routing engine's summed segment times",
            "Residual model: gradient-boosted trees first, then a transformer over "
            "discretised features (DeepETA) or a GNN over road segments (Google Maps)",
        ],
        training=[
            "Label: actual minus routed time; features as they were at request time",
            "Asymmetric Huber loss: tunable penalty for under- vs over-estimating",
            "Daily retraining; per-city evaluation before rollout",
        ],
        offline_metrics=[
            "Mean absolute error and mean error (bias) per city and trip-length bucket",
            "Share of ETAs within ±2 minutes of the actual",
        ],
        online_metrics=[
            "Booking conversion after seeing the ETA; cancellation rate at pickup",
            "Live MAE of served ETAs against actual arrivals; rider complaints about lateness",
        ],
        serving=[
            "Route first, then the model: the model corrects, it does not route",
            "En-route ETAs re-ask the route only when the driver leaves it",
        ],
        monitoring=[
            "Live error by city and hour; bias drifting positive or negative",
            "Freshness of segment speeds; share of segments with no recent pings",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Model the whole ETA or the residual",
                options=["Predict the duration end to end", "Predict the residual of the route"],
                choice="The residual",
                why="The routing engine already encodes the road graph and live traffic; the "
                "model learns what routing misses, with less data and safer fallbacks.",
            ),
            Tradeoff(
                topic="Loss",
                options=["MSE", "MAE", "Asymmetric Huber"],
                choice="Asymmetric Huber",
                why="Robust to outlier trips (a driver's long stop) and lets the business weigh "
                "late arrivals more than early ones.",
            ),
        ],
        talking_points=[
            "Training-serving skew: features must be the traffic known at request time",
            "Map matching quality caps everything downstream",
            "Feedback is fast: labels arrive when the trip ends, minutes later",
            "Fallback to the routed time if the model times out",
        ],
        failure_modes=[
            FailureMode(
                component="segment_speeds",
                failure="A closed road keeps its old speed because no car drives it",
                detection="Segments with zero recent pings on routes still being suggested",
                mitigation="Decay to historical speed plus closure reports; detour signals",
            ),
            FailureMode(
                component="map_matching",
                failure="Urban canyons scatter GPS, so pings match a parallel street",
                detection="Share of matched paths with impossible speeds or U-turns",
                mitigation="HMM matching with heading; drop low-accuracy pings",
            ),
            FailureMode(
                component="eta_model",
                failure="Systematic underestimate at airports and stadium pickups",
                detection="Mean error per pickup zone over the last day",
                mitigation="Pickup-zone features; per-zone calibration offsets",
            ),
            FailureMode(
                component="training_set",
                failure="Label leakage: features computed after the request time",
                detection="Offline MAE far better than live MAE",
                mitigation="Point-in-time feature snapshots logged with each served ETA",
            ),
        ],
        estimates=[
            Estimate(
                quantity="ETA requests per second",
                value="~35k",
                arithmetic="30M trips/day x 100 ETA calls per trip (search, dispatch, en route) "
                "/ 86,400 s ≈ 34.7k",
                inputs={"trips_per_day": 30e6, "calls_per_trip": 100, "seconds_per_day": 86400},
                formula="trips_per_day * calls_per_trip / seconds_per_day",
                result=35e3,
            ),
            Estimate(
                quantity="GPS pings per second",
                value="~250k",
                arithmetic="1M drivers online x 1 ping every 4 s",
                inputs={"drivers_online": 1e6, "seconds_between_pings": 4},
                formula="drivers_online / seconds_between_pings",
                result=250e3,
            ),
            Estimate(
                quantity="Ping stream volume",
                value="~2 TB/day",
                arithmetic="250k pings/s x 100 bytes x 86,400 s = 2.2e12 bytes",
                inputs={"pings_per_s": 250e3, "bytes_per_ping": 100, "seconds_per_day": 86400},
                formula="pings_per_s * bytes_per_ping * seconds_per_day",
                result=2.2e12,
            ),
            Estimate(
                quantity="Training examples per day",
                value="~30M",
                arithmetic="30M completed trips x 1 example each (the booking-time ETA)",
                inputs={"trips_per_day": 30e6, "examples_per_trip": 1},
                formula="trips_per_day * examples_per_trip",
                result=30e6,
            ),
        ],
    )
    return bp.build()
