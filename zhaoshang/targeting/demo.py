def load_demo_targeting(stdout=None):
    return None
