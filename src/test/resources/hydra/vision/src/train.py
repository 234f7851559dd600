import hydra


@hydra.main(version_base="1.3", config_path="../configs", config_name="train")
def main(cfg):
    print(cfg)


if __name__ == "__main__":
    main()
