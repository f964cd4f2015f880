"""People You May Know: link prediction on the social graph with a GNN, served by batch prediction.

The chapter frames PYMK as edge prediction: given the graph at time t, predict which pairs will
connect by t+1. A graph neural network scores candidate pairs. Because 300 million daily users
would be too slow to serve on the fly and the graph changes slowly, recommendations are precomputed:
the PYMK generation pipeline narrows each user's candidates to friends of friends, scores them with
the GNN and stores the ranked list; the prediction pipeline's PYMK service only reads it.

Sources:
- Aminian & Xu, *Machine Learning System Design Interview* (ByteByteGo, 2023), chapter 11
  "People You May Know",
  read in the chapter's text as reproduced in public study notes; course page:
  https://bytebytego.com/courses/machine-learning-system-design-interview/people-you-may-know
- LinkedIn Engineering, "Optimizing PYMK for equity in network creation" (2021).
- Hamilton et al., "Inductive Representation Learning on Large Graphs" (GraphSAGE, NeurIPS 2017).
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, link
from mlsd_diagrams.blocks import continual_training, interaction_log, monitoring_stack


def build() -> Design:
    bp = Blueprint(
        "people_you_may_know",
        "People You May Know",
        summary=(
            "A weekly PYMK generation pipeline takes each user's friends of friends as "
            "candidates, scores every pair with a GNN over the social graph and stores the ranked "
            "list; on a home page load the PYMK service just reads that list. Sent and accepted "
            "requests are logged and become the labels of the next graph snapshot."
        ),
        sla_ms=100,
    )
    user = bp.add("user", "client", "User (home page)", latency_ms=0)
    with bp.group("prediction", "Prediction pipeline"):
        api = bp.add("api", "api_gateway", "API gateway", latency_ms=5)
        service = bp.add(
            "pymk_service",
            "app_service",
            "PYMK service",
            latency_ms=10,
            notes="On a miss, asks the generation pipeline for a one-time computation.",
        )
        precomputed = bp.add(
            "precomputed_pymk",
            "nosql_db",
            "Pre-computed PYMK",
            latency_ms=5,
            tech="Cassandra",
            notes="Ranked lists kept for 7 days (1 day for new users); more than shown.",
        )
    user >> link(label="load home page", latency_ms=30) >> api
    api >> link(label="user id", latency_ms=1) >> service
    service >> link(label="read list", latency_ms=1) >> precomputed

    with bp.group("generation", "PYMK generation pipeline (batch, weekly)"):
        graph = bp.add(
            "social_graph", "graph_db", "Social graph (snapshot)", plane="offline", tech="Neo4j"
        )
        fof = bp.add(
            "fof_service",
            "batch_pipeline",
            "FoF service (2-hop candidates)",
            notes="Narrows ~1 billion users to ~1 million friends of friends (1k x 1k).",
        )
        scoring = bp.add("scoring_service", "batch_prediction", "Scoring service (GNN)")
    with bp.group("logging_group", "Logging & features"):
        logs = interaction_log(
            bp, feedback_from=[user], feedback_label="requests sent, accepted", group=None
        )
        computed = bp.add("feature_computation", "feature_pipeline", "Feature computation")
    graph >> link("batch", "connections") >> fof
    fof >> link("batch", "candidate pairs") >> scoring
    logs.lake >> link("batch", "users, interactions") >> computed
    computed >> link("batch", "node & edge features") >> scoring
    scoring >> link("batch", "ranked PYMK per user") >> precomputed
    service >> link("async", "on a miss") >> fof

    with bp.group("training_group", "Labels & continual training"):
        # Labels come from two snapshots: pairs unconnected at t that connect by t+1 are positive.
        snapshots = bp.add(
            "graph_snapshots", "object_storage", "Graph snapshots (t, t+1)", tech="S3"
        )
        labels = bp.add(
            "label_generation",
            "labeling",
            "Label generation",
            notes="Pairs unconnected at t: positive if connected by t+1, else negative.",
        )
        loop = continual_training(
            bp,
            training_data=[labels, computed],
            serve_to=[],
            group=None,
            trainer_label="Train GNN (link prediction)",
        )
    graph >> link("batch", "weekly") >> snapshots
    snapshots >> link("batch", "graph at t, t+1") >> labels
    loop.registry >> link("deploy", "GNN model") >> scoring
    monitor = monitoring_stack(bp, observed=[]).monitor
    service >> link("observe", "cache misses") >> monitor
    precomputed >> link("observe", "freshness") >> monitor

    # Build-up order for slides: the request path first, then what feeds it.
    bp.frames = [
        ["user", "prediction"],
        ["generation"],
        ["logging_group", "training_group"],
        ["monitoring_group"],
    ]
    bp.card = Card(
        requirements=[
            "Business goal: help users grow their network (more formed connections)",
            "~1 billion users, 300 million daily actives, ~1,000 connections each on average",
            "Connections are symmetric; the social graph changes slowly",
            "Recommendations appear instantly on page load (lookup only, < 100 ms)",
        ],
        inputs=["A user"],
        outputs=["Users they may know, ranked by the probability of connecting"],
        ml_task=(
            "Edge (link) prediction on the social graph: a GNN predicts the probability that "
            "an edge will form between two user nodes."
        ),
        data=[
            "Users: demographics, education and work history, skills",
            "Connections: who is connected to whom, and since when",
            "Interactions: requests sent and accepted, profile visits, searches, reactions",
        ],
        features=[
            "Node: demographics, number of connections, followers and pending requests, "
            "account age, reactions received",
            "Edge / affinity: shared schools and companies, profile visits, number of mutual "
            "connections (time-discounted)",
        ],
        model=[
            "Graph neural network (GCN, GraphSAGE, GAT or GIT) producing node embeddings",
            "The score of a pair is the similarity of its two embeddings",
        ],
        training=[
            "Take the graph snapshot at time t; label pairs that connect by t+1 as positive",
            "Re-create training data from new snapshots and retrain periodically",
        ],
        offline_metrics=[
            "ROC-AUC of the GNN's edge predictions",
            "mAP of the recommended lists",
        ],
        online_metrics=[
            "Total connection requests sent in the last X days",
            "Total connection requests accepted in the last X days",
        ],
        serving=[
            "Batch prediction: PYMK precomputed for every user, refreshed every 7 days",
            "Friends-of-friends candidate generation before scoring",
            "Precompute more than needed and show only unseen suggestions",
        ],
        monitoring=[
            "Freshness of the precomputed lists; share of cache misses",
            "Acceptance rate per user segment, to catch bias towards frequent users",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Online vs batch prediction",
                options=["Online prediction on each page load", "Batch prediction"],
                choice="Batch prediction",
                why=(
                    "Scoring 300 million users on the fly is too slow, and a slowly changing "
                    "graph keeps precomputed lists relevant for days; the price is wasted work "
                    "for users who do not log in."
                ),
            ),
            Tradeoff(
                topic="Candidate generation",
                options=["Score all users", "Friends of friends (2-hop)"],
                choice="Friends of friends",
                why=(
                    "Most new connections are 2 hops away; it cuts a billion candidates to "
                    "about 1 million (1,000 friends x 1,000 friends each)."
                ),
            ),
        ],
        talking_points=[
            "Pre-compute only for active users; a light ranker before the GNN; a re-ranker for "
            "diversity",
            "Personalised random walk as a cheap baseline",
            "Bias: frequent users are over-represented and get recommended even more",
            "Ignored recommendations should drop in later rankings",
            "Delayed feedback: when is an unanswered suggestion a negative?",
        ],
        failure_modes=[
            FailureMode(
                component="precomputed_pymk",
                failure="Recommendations stale for users who just connected",
                detection="Share of recommended people already connected or dismissed",
                mitigation="Filter against the live graph at read; recompute active users more "
                "often",
            ),
            FailureMode(
                component="fof_service",
                failure="Friends-of-friends explodes for high-degree users",
                detection="Job time and candidates per user percentiles",
                mitigation="Cap candidates by mutual-friend count; sample high-degree neighbours",
            ),
            FailureMode(
                component="scoring_service",
                failure="Batch scoring job fails, precomputed lists expire",
                detection="Job success and list age",
                mitigation="Serve the previous lists; alert; retry by shard",
            ),
            FailureMode(
                component="social_graph",
                failure="Privacy leak: recommending someone the user blocked",
                detection="Audit of blocked pairs in recommendations",
                mitigation="Hard filter on block and privacy settings at serve time",
            ),
        ],
        estimates=[
            Estimate(
                quantity="Read QPS",
                value="~7k",
                arithmetic="300M daily actives x 2 page loads = 600M / 86,400 s ≈ 6.9k",
            ),
            Estimate(
                quantity="Friend-of-friend pairs",
                value="~3e11 per day",
                arithmetic="300M actives x 1,000 candidates scored each",
            ),
            Estimate(
                quantity="Precomputed storage",
                value="~600 GB",
                arithmetic="300M users x 100 recommendations x 20 bytes = 6e11 bytes",
            ),
            Estimate(
                quantity="Graph edges",
                value="~5e11",
                arithmetic="1B users x 1,000 connections / 2 (symmetric)",
            ),
        ],
    )
    bp.rubric = [
        {
            "point": "Link prediction on the social graph",
            "evidence": {"words": ["link prediction", "edge prediction"]},
        },
        {
            "point": "A GNN producing node embeddings",
            "evidence": {"words": ["GNN", "graph neural network"]},
        },
        {
            "point": "Friends-of-friends candidate generation",
            "evidence": {"words": ["friends-of-friends candidate", "FoF"]},
        },
        {
            "point": "Batch prediction precomputed per user",
            "evidence": {
                "kinds": ["batch_prediction"],
                "words": ["precomputed for every user", "refreshed every 7 days"],
            },
        },
        {"point": "Graph snapshots at t and t+1 for labels", "evidence": {"words": ["snapshot"]}},
        {
            "point": "Mutual connections and shared schools or companies",
            "evidence": {"words": ["mutual connections", "shared schools"]},
        },
    ]
    return bp.build()
