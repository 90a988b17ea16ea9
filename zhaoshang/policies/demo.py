def load_demo_policies(stdout=None):
    return None
