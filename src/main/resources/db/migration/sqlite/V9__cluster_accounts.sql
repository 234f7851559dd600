-- A member's identity on a cluster: their Unix account there and, for run_as: own-key, the key pair the portal
-- logs in with. The private key is kept only as AES-256-GCM ciphertext (nonce alongside; the master key is outside
-- the database). `username` is the portal member's name (users.username; the foreign key comes with the merge).
CREATE TABLE cluster_accounts (
    id                    VARCHAR(36)   NOT NULL PRIMARY KEY,
    username              VARCHAR(100)  NOT NULL,
    cluster               VARCHAR(100)  NOT NULL,
    unix_user             VARCHAR(32)   NOT NULL,
    mode                  VARCHAR(16)   NOT NULL,
    public_key            VARCHAR(16000),
    private_key_encrypted BLOB,
    private_key_nonce     BLOB,
    key_source            VARCHAR(16),
    created_at            TIMESTAMP     NOT NULL,
    updated_at            TIMESTAMP     NOT NULL,
    CONSTRAINT cluster_accounts_member UNIQUE (username, cluster),
    CONSTRAINT cluster_accounts_unix_user UNIQUE (cluster, unix_user)
);
