-- What a job was charged to and which nodes it needed: SLURM's --account, --qos and --constraint as submitted
-- (null: left to SLURM, i.e. the user's default account, the association's default QoS, any node).
ALTER TABLE jobs ADD COLUMN charge_account VARCHAR(100);
ALTER TABLE jobs ADD COLUMN qos VARCHAR(100);
ALTER TABLE jobs ADD COLUMN node_constraint VARCHAR(1000);
