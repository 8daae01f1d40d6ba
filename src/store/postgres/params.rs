//! Statement parameters that carry their PostgreSQL type. A statement whose parameter
//! types are known goes out as one round trip (parse, bind and execute together)
//! instead of two (prepare, then run): a `vault run` sends a dozen statements, so on a
//! short-lived process this halves the time spent waiting on the server.

use postgres::types::{ToSql, Type};

/// A parameter of a statement: a value and the type it is sent as.
pub trait Param: ToSql + Sync {
    fn pg_type(&self) -> Type;
    fn sql(&self) -> &(dyn ToSql + Sync);
}

/// The PostgreSQL type a Rust value is sent as.
pub trait Typed {
    const TYPE: Type;
}

impl<T: Typed + ToSql + Sync> Param for T {
    fn pg_type(&self) -> Type {
        T::TYPE
    }

    fn sql(&self) -> &(dyn ToSql + Sync) {
        self
    }
}

macro_rules! typed {
    ($($rust:ty => $pg:ident),* $(,)?) => {
        $(impl Typed for $rust {
            const TYPE: Type = Type::$pg;
        })*
    };
}

typed!(
    str => TEXT,
    String => TEXT,
    bool => BOOL,
    i32 => INT4,
    i64 => INT8,
    [u8] => BYTEA,
    Vec<u8> => BYTEA,
    Vec<i64> => INT8_ARRAY,
    Vec<&str> => TEXT_ARRAY,
);

impl<T: Typed + ?Sized> Typed for &T {
    const TYPE: Type = T::TYPE;
}

/// NULL is sent as the type of what it stands in for.
impl<T: Typed> Typed for Option<T> {
    const TYPE: Type = T::TYPE;
}

pub type Params<'a> = &'a [&'a dyn Param];

/// `params` as rust-postgres' typed statements take them.
pub fn typed<'a>(params: Params<'a>) -> Vec<(&'a (dyn ToSql + Sync), Type)> {
    params.iter().map(|param| (param.sql(), param.pg_type())).collect()
}
