def load_demo_mechanisms(stdout=None):
    return None
