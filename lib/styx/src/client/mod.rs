pub struct Client; pub struct ClientError; pub struct Fid; pub struct Walked;
