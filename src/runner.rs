//! placeholder until the launcher lands
use secrecy::SecretSlice;
pub struct Plan {
    pub command: Vec<std::ffi::OsString>,
    pub inherited: Vec<(std::ffi::OsString, std::ffi::OsString)>,
    pub env: Vec<(String, SecretSlice<u8>)>,
    pub files: Vec<(String, SecretSlice<u8>)>,
    pub preserve_env: bool,
}
#[derive(Debug)]
pub enum LaunchError {
    NotFound(std::ffi::OsString),
    NotExecutable(std::ffi::OsString, std::io::Error),
    Setup(anyhow::Error),
}
impl LaunchError {
    pub fn exit_code(&self) -> u8 {
        125
    }
}
impl std::fmt::Display for LaunchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "x")
    }
}
impl std::error::Error for LaunchError {}
pub fn launch(_plan: Plan) -> Result<u8, LaunchError> {
    Err(LaunchError::Setup(anyhow::anyhow!("vault run is not built yet")))
}
